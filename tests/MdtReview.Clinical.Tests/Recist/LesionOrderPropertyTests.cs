using CsCheck;
using MdtReview.Clinical.Recist;

namespace MdtReview.Clinical.Tests.Recist;

/// <summary>Property: the order lesions are listed in never changes a response, a figure or a basis line.</summary>
public sealed class LesionOrderPropertyTests
{
    private static readonly string[] Organs = ["liver", "lung", "adrenal", "bone"];
    private static readonly string[] NewLesionIds = ["N1", "N2", "N3", "N4"];

    private static readonly Gen<TargetMeasurement> FollowUpMeasurement = Gen.Int[0, 19].SelectMany(kind => kind switch
    {
        0 => Gen.Const(TargetMeasurement.NotAssessed),
        1 => Gen.Const(TargetMeasurement.TooSmallToMeasure),
        2 or 3 => Gen.Const(TargetMeasurement.Disappeared),
        _ => Gen.Int[10, 800].Select(tenths => TargetMeasurement.Mm(tenths / 10m)),
    });

    private static readonly Gen<List<NewLesion>> NewLesionsGen =
        Gen.Select(Gen.Bool.Array[4], Gen.Int[0, 300].Array[4], Gen.Bool.Array[4], Gen.Int[0, 3].Array[4])
            .Select((present, tenths, measurable, organ) => NewLesionIds
                .Select((id, i) => (id, i))
                .Where(x => present[x.i])
                .Select(x => new NewLesion(x.id, Organs[organ[x.i]], x.i == 3, measurable[x.i], tenths[x.i] == 0 ? null : tenths[x.i] / 10m))
                .ToList());

    private static Gen<TumourSeries> SeriesGen =>
        Gen.Int[0, 5].SelectMany(targetCount =>
            Gen.Select(
                Gen.Int[0, 3].Array[targetCount],
                Gen.Bool.Array[targetCount],
                Gen.Int[150, 800].Array[targetCount],
                Gen.Bool,
                Gen.Select(FollowUpMeasurement.Array[targetCount], Gen.Int[0, 3], NewLesionsGen, Gen.Int[14, 70], Gen.Int[0, 2], Gen.Bool).Array[1, 6])
            .Select((organs, nodes, baseline, nonTargetAtBaseline, followUps) =>
            {
                var targets = Enumerable.Range(0, targetCount)
                    .Select(i => new TargetLesion($"T{i + 1}", Organs[organs[i]], nodes[i]))
                    .ToList();
                var hasNonTarget = nonTargetAtBaseline || targetCount == 0;
                var scans = new List<TumourAssessment>
                {
                    new()
                    {
                        Day = 0,
                        TargetMeasurements = targets.Select((t, i) => (t.Id, m: TargetMeasurement.Mm(baseline[i] / 10m))).ToDictionary(x => x.Id, x => x.m),
                        NonTarget = hasNonTarget ? NonTargetStatus.Present : NonTargetStatus.None,
                    },
                };
                var day = 0;
                foreach (var (measurements, nonTarget, newLesions, gap, stable, further) in followUps)
                {
                    day += gap;
                    scans.Add(new TumourAssessment
                    {
                        Day = day,
                        TargetMeasurements = targets.Select((t, i) => (t.Id, m: measurements[i])).ToDictionary(x => x.Id, x => x.m),
                        NonTarget = hasNonTarget ? (NonTargetStatus)(nonTarget + 1) : NonTargetStatus.None,
                        NonTargetFurtherIncrease = further,
                        NewLesions = newLesions,
                        ClinicallyStable = stable switch { 0 => null, 1 => false, _ => true },
                    });
                }

                return new TumourSeries(targets, scans);
            }));

    private static TumourSeries Reordered(TumourSeries series, int seed)
    {
        var random = new Random(seed);
        return new TumourSeries(
            Shuffled(series.Targets, random),
            [.. series.Assessments.Select(a => a with
            {
                TargetMeasurements = Shuffled(a.TargetMeasurements, random).ToDictionary(p => p.Key, p => p.Value),
                NewLesions = Shuffled(a.NewLesions, random),
            })]);
    }

    private static List<T> Shuffled<T>(IEnumerable<T> items, Random random)
    {
        var array = items.ToArray();
        random.Shuffle(array);
        return [.. array];
    }

    [Fact]
    public void Lesion_order_does_not_change_any_response_figure_or_basis()
    {
        Gen.Select(SeriesGen, Gen.Int).Sample((series, seed) =>
        {
            var original = RecistEvaluator.Evaluate(series);
            var reordered = RecistEvaluator.Evaluate(Reordered(series, seed));
            Assert.True(original.IsValid, string.Join(" | ", original.Errors));
            Assert.Equal(Describe(original), Describe(reordered));
        }, iter: 2000);
    }

    [Fact]
    public void Generated_series_reach_every_RECIST_and_iRECIST_response()
    {
        // Guards the property above: a generator that never produced progression or confirmation would prove little.
        var seen = new HashSet<string>();
        Gen.Select(SeriesGen, Gen.Int).Sample((series, _) =>
        {
            foreach (var t in RecistEvaluator.Evaluate(series).Timepoints)
            {
                seen.Add(ResponseText.Code(t.Recist11));
                seen.Add(ResponseText.Code(t.Irecist));
            }
        }, iter: 5000);
        Assert.Superset(new HashSet<string> { "CR", "PR", "SD", "PD", "NE", "NON_CR_NON_PD", "iCR", "iPR", "iSD", "iUPD", "iCPD", "iNE", "NON_iCR_NON_iUPD" }, seen);
    }

    private static List<string> Describe(TumourResponseEvaluation evaluation) =>
        [.. evaluation.Timepoints.Select(t =>
            $"{t.Day} {t.Recist11} {t.Irecist} {t.TreatmentMayContinue} {t.TargetSumMm} {t.NadirMm} {t.NewLesionTargetSumMm} | {t.Basis} | {t.IrecistBasis} | {string.Join(";", t.Warnings)}")];
}

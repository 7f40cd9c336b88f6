using MdtReview.Clinical.Recist;
using MdtReview.Data.Model;
using ClinicalLesion = MdtReview.Clinical.Recist.TargetMeasurement;

namespace MdtReview.Data.Evidence;

/// <summary>Maps stored scans onto the clinical library's RECIST series.</summary>
public static class RecistSeries
{
    /// <summary>The series of the scans up to and including <paramref name="asOf"/>, baseline first; null without a baseline with targets.</summary>
    public static TumourSeries? From(IEnumerable<Scan> scans, DateOnly? asOf = null)
    {
        var ordered = scans.Where(s => asOf is null || s.ScanDate <= asOf).OrderBy(s => s.ScanDate).ToList();
        if (ordered.Count == 0 || !ordered[0].IsBaseline)
        {
            return null;
        }

        var targets = ordered[0].Lesions.Where(l => l.Kind == LesionKind.Target)
            .Select(l => new TargetLesion(l.LesionKey, l.Organ, l.IsLymphNode))
            .ToList();
        if (targets.Count == 0)
        {
            return null;
        }

        var assessments = ordered.Select(s => new TumourAssessment
        {
            Date = s.ScanDate,
            TargetMeasurements = s.Lesions.Where(l => l.Kind == LesionKind.Target && l.DiameterMm is not null)
                .ToDictionary(l => l.LesionKey, l => l.TooSmallToMeasure ? ClinicalLesion.TooSmallToMeasure : ClinicalLesion.Mm(l.DiameterMm!.Value), StringComparer.Ordinal),
            NonTarget = s.NonTargetStatus,
            NonTargetFurtherIncrease = s.NonTargetFurtherIncrease,
            NewLesions = [.. s.Lesions.Where(l => l.Kind == LesionKind.New)
                .Select(l => new NewLesion(l.LesionKey, l.Organ, l.IsLymphNode, l.Measurable, l.DiameterMm))],
            ClinicallyStable = s.ClinicallyStable,
            UnscheduledForSymptoms = s.UnscheduledForSymptoms,
        }).ToList();
        return new TumourSeries(targets, assessments);
    }
}

using System.Globalization;

namespace MdtReview.Clinical.Recist;

/// <summary>What is wrong with a baseline target selection.</summary>
public enum BaselineProblemKind
{
    /// <summary>More than 5 target lesions.</summary>
    TooManyTargets,

    /// <summary>More than 2 target lesions in one organ (all lymph nodes count as one organ).</summary>
    TooManyInOrgan,

    /// <summary>A non-nodal target below 10 mm longest diameter.</summary>
    BelowMeasurableSize,

    /// <summary>A nodal target below 15 mm short axis.</summary>
    NodeBelowTargetSize,

    /// <summary>A target with no baseline measurement, or one "too small to measure".</summary>
    NotMeasured,

    /// <summary>Two targets with the same identifier.</summary>
    DuplicateId,
}

/// <summary>One problem with a baseline target selection.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="LesionId">The lesion concerned, or null for a problem of the selection as a whole.</param>
/// <param name="Message">The problem in words a clinician understands, with the rule it breaks.</param>
public sealed record BaselineProblem(BaselineProblemKind Kind, string? LesionId, string Message);

/// <summary>RECIST 1.1 baseline target selection rules (Eisenhauer 2009, §3.1 and §4.2).</summary>
public static class BaselineValidation
{
    /// <summary>RECIST 1.1 §4.2: at most 5 target lesions in total.</summary>
    public const int MaxTargets = 5;

    /// <summary>RECIST 1.1 §4.2: at most 2 target lesions per organ.</summary>
    public const int MaxTargetsPerOrgan = 2;

    /// <summary>RECIST 1.1 §3.1: a non-nodal lesion is measurable when its longest diameter is ≥10 mm (CT, slices ≤5 mm).</summary>
    public const decimal MinNonNodalTargetMm = 10m;

    /// <summary>RECIST 1.1 §3.1: a lymph node is measurable (pathological) when its short axis is ≥15 mm.</summary>
    public const decimal MinNodalTargetMm = 15m;

    /// <summary>
    /// Checks a baseline target selection: ≤5 targets, ≤2 per organ, non-nodal targets ≥10 mm, nodal targets ≥15 mm
    /// short axis, every target measured. Returns an empty list when the selection is valid.
    /// </summary>
    /// <param name="targets">The target lesions chosen.</param>
    /// <param name="baselineMeasurements">Their baseline measurements by lesion id.</param>
    public static IReadOnlyList<BaselineProblem> Validate(
        IReadOnlyList<TargetLesion> targets,
        IReadOnlyDictionary<string, TargetMeasurement> baselineMeasurements)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(baselineMeasurements);
        var problems = new List<BaselineProblem>();

        if (targets.Count > MaxTargets)
        {
            problems.Add(new(BaselineProblemKind.TooManyTargets, null,
                $"{targets.Count} target lesions were chosen; RECIST 1.1 allows at most {MaxTargets} (follow the others as non-target disease)."));
        }

        foreach (var duplicate in targets.GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new(BaselineProblemKind.DuplicateId, duplicate.Key,
                $"Target lesion id {duplicate.Key} is used {duplicate.Count()} times; each target needs its own id."));
        }

        // EORTC RECIST FAQ "Paired organs" (recist.eortc.org/faq/paired-organs): lungs, kidneys, ovaries and lymph nodes
        // each count as one organ, so every nodal target falls in one "lymph nodes" group whatever its region.
        foreach (var organ in targets.GroupBy(OrganKey, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > MaxTargetsPerOrgan))
        {
            var ids = string.Join(", ", organ.Select(t => t.Id));
            problems.Add(new(BaselineProblemKind.TooManyInOrgan, null,
                $"{organ.Count()} target lesions in {organ.Key} ({ids}); RECIST 1.1 allows at most {MaxTargetsPerOrgan} per organ"
                + (organ.First().IsLymphNode ? ", and all lymph nodes count as one organ." : ".")));
        }

        foreach (var target in targets.DistinctBy(t => t.Id, StringComparer.Ordinal))
        {
            if (!baselineMeasurements.TryGetValue(target.Id, out var m) || m.Kind == TargetMeasurementKind.NotAssessed)
            {
                problems.Add(new(BaselineProblemKind.NotMeasured, target.Id,
                    $"Target lesion {target.Id} has no baseline measurement; every target lesion must be measured on the baseline scan."));
                continue;
            }

            if (m.Kind == TargetMeasurementKind.TooSmallToMeasure)
            {
                problems.Add(new(BaselineProblemKind.NotMeasured, target.Id,
                    $"Target lesion {target.Id} is recorded as too small to measure at baseline; a target lesion must be measurable."));
                continue;
            }

            var mm = m.Millimetres!.Value;
            if (target.IsLymphNode && mm < MinNodalTargetMm)
            {
                problems.Add(new(BaselineProblemKind.NodeBelowTargetSize, target.Id,
                    $"Lymph node {target.Id} is {Mm(mm)} in short axis; a node must be at least {Mm(MinNodalTargetMm)} in short axis to be a target lesion "
                    + "(RECIST 1.1 §3.1). Nodes of 10 to under 15 mm are followed as non-target disease; under 10 mm they are normal."));
            }
            else if (!target.IsLymphNode && mm < MinNonNodalTargetMm)
            {
                problems.Add(new(BaselineProblemKind.BelowMeasurableSize, target.Id,
                    $"Target lesion {target.Id} is {Mm(mm)}; a target lesion must be at least {Mm(MinNonNodalTargetMm)} in longest diameter "
                    + "(RECIST 1.1 §3.1). Follow it as non-target disease."));
            }
        }

        return problems;
    }

    internal static string OrganKey(TargetLesion target) =>
        target.IsLymphNode ? "lymph nodes" : target.Organ.Trim();

    private static string Mm(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " mm";
}

using MdtReview.Clinical.Ctcae;
using MdtReview.Clinical.Irae;
using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Patients.Services;

public enum AlertLevel
{
    Warning,
    Error,
}

/// <summary>An alert on the review page header, worded for the clinician.</summary>
public sealed record ReviewAlert(string Kind, string Text, AlertLevel Level);

public sealed record BiomarkerView(string Name, string Result, DateOnly? TestedOn);

public sealed record CourseSummary(int Id, string Regimen, string Drugs, TreatmentStatus Status, int IntervalDays, DateOnly StartDate, int CyclesGiven, DateOnly? LastGiven);

public sealed record PatientHeaderView(
    int Id,
    string Name,
    int Age,
    DateOnly DateOfBirth,
    Sex Sex,
    string Mrn,
    string? NhsNumber,
    TumourSite TumourSite,
    string Histology,
    string Stage,
    IReadOnlyList<BiomarkerView> Biomarkers,
    int? Ecog,
    DateOnly? EcogOn,
    CourseSummary? Course,
    Clinical.Schedules.InfusionStatus? NextInfusion,
    BloodsStatus? Bloods,
    ScanStatus? NextScan,
    IReadOnlyList<ReviewAlert> Alerts);

/// <summary>A CTCAE grade as the library gave it, ready to show: the chip text and the basis behind it.</summary>
public sealed record GradeView(int? Grade, string Label, string Basis, string Source, IReadOnlyList<string> Notes, bool IsError)
{
    public static GradeView From(LabGrade grade)
    {
        ArgumentNullException.ThrowIfNull(grade);
        if (grade.Error is not null)
        {
            return new(null, "Invalid", grade.Error, grade.Source, grade.Notes, true);
        }

        if (grade.Grade is { } g)
        {
            var term = grade.TermName is { } t ? $"{t}; " : "";
            return new(g, $"G{g}", $"{term}{grade.Basis}", $"{grade.Source} ({grade.CtcaeVersion})", grade.Notes, false);
        }

        var needs = grade.Needs.Count == 0 ? "" : $" Needs: {string.Join(", ", grade.Needs)}.";
        var possible = grade.PossibleGrades.Count == 0 ? "" : $" Possible grades: {string.Join(", ", grade.PossibleGrades)}.";
        return new(null, "Not gradable", $"{grade.Basis}.{needs}{possible}", $"{grade.Source} ({grade.CtcaeVersion})", grade.Notes, false);
    }
}

public enum LabRangeStatus
{
    Normal,
    Low,
    High,
    NoRange,
}

public sealed record LabValueView(
    int Id,
    string TestCode,
    string TestName,
    decimal Value,
    string Unit,
    decimal? Lln,
    decimal? Uln,
    DateTime CollectedAtUtc,
    LabRangeStatus Flag,
    GradeView Grade,
    LabSource Source,
    DateTime RecordedAtUtc,
    int? SupersededById,
    string? CorrectionReason,
    int? CorrectsId,
    decimal? CorrectsValue)
{
    public bool IsCurrent => SupersededById is null;
}

public sealed record LabPanelView(IReadOnlyList<LabValueView> Values);

public sealed record LabHistoryPage(IReadOnlyList<LabValueView> Items, int TotalCount);

public sealed record ChartPoint(DateTime At, double Value);

/// <summary>A horizontal line on a chart, e.g. the value where CTCAE grade 3 starts.</summary>
public sealed record ChartThreshold(double Value, string Label);

/// <summary>Everything a line chart draws. Immutable: a new instance means "redraw".</summary>
public sealed record ChartModel(
    string Title,
    string Description,
    string YLabel,
    IReadOnlyList<ChartPoint> Points,
    double? BandLow,
    double? BandHigh,
    string? BandLabel,
    IReadOnlyList<ChartThreshold> Thresholds,
    int SourceCount);

public sealed record TrendView(string TestCode, string TestName, string Unit, ChartModel Chart);

public sealed record LabTrendsView(DateTime? FromUtc, DateTime ToUtc, IReadOnlyList<TrendView> Trends);

public sealed record GradeChange(int Grade, DateOnly EffectiveDate, string? Note);

public sealed record IraeView(
    int Id,
    IraeCategory Category,
    string CtcaeTerm,
    int CurrentGrade,
    DateOnly OnsetDate,
    DateOnly? ResolvedDate,
    Attribution Attribution,
    IraeManagement Management,
    string? ManagementDetail,
    IReadOnlyList<GradeChange> GradeHistory,
    IraeRecommendation? Recommendation);

public sealed record LesionView(string Key, string Organ, bool IsLymphNode, LesionKind Kind, decimal? DiameterMm, bool TooSmallToMeasure, bool Measurable);

public sealed record ScanView(
    int Id,
    DateOnly ScanDate,
    ScanModality Modality,
    bool IsBaseline,
    string? ReportText,
    Clinical.Recist.NonTargetStatus NonTargetStatus,
    IReadOnlyList<LesionView> Lesions,
    TimepointResponse? Response,
    Recist11Response? RadiologistRecist,
    IrecistResponse? RadiologistIrecist,
    bool Disagrees,
    DateOnly? ConfirmationFrom,
    DateOnly? ConfirmationTo)
{
    public decimal? TargetSumMm => Response?.TargetSumMm
        ?? (IsBaseline ? Lesions.Where(l => l.Kind == LesionKind.Target).Sum(l => l.DiameterMm ?? 0m) : null);
}

public sealed record ScansView(IReadOnlyList<ScanView> Scans, IReadOnlyList<string> Errors, IReadOnlyList<string> BaselineProblems, ChartModel? TargetSumChart);

public sealed record InfusionView(int CycleNumber, DateOnly Date, Data.Model.InfusionStatus Status, string? DeferralReason);

public sealed record CourseView(
    int Id, string Regimen, string Drugs, TreatmentIntent Intent, int LineOfTherapy, DateOnly StartDate, DateOnly? EndDate,
    TreatmentStatus Status, string? StatusReason, string? PlannedNextTreatment, IReadOnlyList<InfusionView> Infusions);

public sealed record DecisionSummary(int Id, Clinical.GuidelineCheck.DecisionOutcome Outcome, DecisionStatus Status, int VersionNumber, DateTime CreatedAtUtc, DateTime? FinalisedAtUtc, string Rationale, bool DeviatesFromGuideline);

public sealed record TreatmentView(IReadOnlyList<CourseView> Courses, IReadOnlyList<DecisionSummary> Decisions);

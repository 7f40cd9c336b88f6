using MdtReview.Clinical.GuidelineCheck;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

public sealed record DecisionPatient(int Id, string FamilyName, string GivenName, DateOnly DateOfBirth, string Mrn, string? NhsNumber)
{
    public string DisplayName => $"{FamilyName.ToUpperInvariant()}, {GivenName}";
}

public sealed record DecisionMeeting(int Id, DateTime StartsAt, string TumourGroup, string? Chair);

public sealed record DecisionTrial(int Id, string Title, string RegistryId);

/// <summary>One version of the decision's chain, for the history, with the versions it amends and that amend it.</summary>
public sealed record DecisionViewVersion(
    int Id, int VersionNumber, DecisionStatus Status, DecisionOutcome Outcome, string? AmendmentReason,
    DateTime CreatedAt, string? CreatedBy, DateTime? FinalisedAt, string? FinalisedBy,
    int? SupersedesVersion, int? SupersededByVersion, int? SupersededById, bool IsShown);

/// <summary>Everything the decision page and the outcome letter show about one decision.</summary>
public sealed record DecisionView
{
    public required int Id { get; init; }
    public required DecisionPatient Patient { get; init; }
    public DecisionMeeting? Meeting { get; init; }
    public string? MeetingQuestion { get; init; }
    public required DecisionOutcome Outcome { get; init; }
    public required string Rationale { get; init; }
    public string? Conditions { get; init; }
    public DateOnly? NextReviewDate { get; init; }
    public DateOnly? NextScanDue { get; init; }
    public string? PlannedNextTreatment { get; init; }
    public string? InformPatientByName { get; init; }
    public DateOnly? InformPatientBy { get; init; }
    public DateTime? PatientInformedAt { get; init; }
    public DecisionTrial? Trial { get; init; }
    public string? ReferralQuestion { get; init; }
    /// <summary>The evidence snapshot frozen at finalisation; null for a draft or when the stored snapshot could not be read.</summary>
    public CaseEvidence? Evidence { get; init; }

    /// <summary>The stored snapshot as it is, when it could not be read; shown raw rather than lost.</summary>
    public string? UnreadableEvidence { get; init; }

    /// <summary>The guideline findings, must first; null when no guideline check was recorded (or it could not be read).</summary>
    public IReadOnlyList<GuidelineFinding>? Findings { get; init; }

    /// <summary>The stored findings as they are, when they could not be read.</summary>
    public string? UnreadableFindings { get; init; }
    public bool DeviatesFromGuideline { get; init; }
    public DeviationReason? DeviationReason { get; init; }
    public string? DeviationText { get; init; }
    public string? RulesVersion { get; init; }
    public required DecisionStatus Status { get; init; }
    public required int VersionNumber { get; init; }
    public string? AmendmentReason { get; init; }
    public int? SupersedesVersion { get; init; }
    public int? SupersededByVersion { get; init; }
    public int? SupersededById { get; init; }
    public string? CreatedBy { get; init; }
    public required DateTime CreatedAt { get; init; }
    public string? FinalisedBy { get; init; }
    public DateTime? FinalisedAt { get; init; }

    /// <summary>Every version of the chain, newest first.</summary>
    public required IReadOnlyList<DecisionViewVersion> Versions { get; init; }

    public bool IsFinal => Status == DecisionStatus.Final;
}

/// <summary>
/// Reads one decision for the read-only decision page and the outcome letter. Oncologists and governance leads may read
/// decisions; for anyone else a decision looks exactly like a missing one.
/// </summary>
public sealed class DecisionViewService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{

    /// <summary>The decision, or null when it does not exist or the caller may not read it.</summary>
    public async Task<DecisionView?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var decision = await db.Decisions.AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new
            {
                Decision = d,
                Patient = new DecisionPatient(d.Patient!.Id, d.Patient.FamilyName, d.Patient.GivenName, d.Patient.DateOfBirth, d.Patient.Mrn, d.Patient.NhsNumber),
                Meeting = d.MeetingCase == null ? null : new { d.MeetingCase.Meeting!.Id, d.MeetingCase.Meeting.StartsAt, d.MeetingCase.Meeting.TumourGroup, d.MeetingCase.Meeting.ChairId },
                Question = d.MeetingCase == null ? null : d.MeetingCase.Question,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (decision is null)
        {
            return null;
        }

        var d = decision.Decision;

        var chain = await DecisionChain.LoadAsync(db, d.Id, cancellationToken);

        var trial = d.TrialId is int trialId
            ? await db.Trials.AsNoTracking().Where(t => t.Id == trialId).Select(t => new DecisionTrial(t.Id, t.Title, t.RegistryId)).SingleOrDefaultAsync(cancellationToken)
            : null;

        var userIds = chain.SelectMany(c => new[] { c.CreatedById, c.FinalisedById })
            .Append(d.InformPatientById).Append(decision.Meeting?.ChairId)
            .OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        string? Name(string? userId) => userId is null ? null : names.GetValueOrDefault(userId, "unknown user");

        var byId = chain.ToDictionary(c => c.Id);
        var supersededBy = chain.Where(c => c.SupersedesId is not null).ToDictionary(c => c.SupersedesId!.Value);
        var versions = chain
            .OrderByDescending(c => c.VersionNumber).ThenByDescending(c => c.Id)
            .Select(c => new DecisionViewVersion(
                c.Id, c.VersionNumber, c.Status, c.Outcome, c.AmendmentReason, c.CreatedAt, Name(c.CreatedById), c.FinalisedAt, Name(c.FinalisedById),
                c.SupersedesId is int s && byId.TryGetValue(s, out var older) ? older.VersionNumber : null,
                supersededBy.TryGetValue(c.Id, out var newer) ? newer.VersionNumber : null,
                supersededBy.TryGetValue(c.Id, out var newerRow) ? newerRow.Id : null,
                c.Id == d.Id))
            .ToList();
        var shown = versions.Single(v => v.IsShown);

        // One definition of the stored shapes: the snapshot and findings are read by the types that write them.
        var evidence = CaseEvidence.FromSnapshotJson(d.EvidenceSnapshotJson);
        var findingsRead = FindingsJson.TryDeserialize(d.GuidelineFindingsJson, out var stored);
        IReadOnlyList<GuidelineFinding>? findings = string.IsNullOrWhiteSpace(d.GuidelineFindingsJson) || !findingsRead
            ? null
            : [.. stored.OrderBy(f => f.Severity)];

        return new DecisionView
        {
            Id = d.Id,
            Patient = decision.Patient,
            Meeting = decision.Meeting is { } m ? new DecisionMeeting(m.Id, m.StartsAt, m.TumourGroup, Name(m.ChairId)) : null,
            MeetingQuestion = decision.Question,
            Outcome = d.Outcome,
            Rationale = d.Rationale,
            Conditions = d.Conditions,
            NextReviewDate = d.NextReviewDate,
            NextScanDue = d.NextScanDue,
            PlannedNextTreatment = d.PlannedNextTreatment,
            InformPatientByName = Name(d.InformPatientById),
            InformPatientBy = d.InformPatientBy,
            PatientInformedAt = d.PatientInformedAt,
            Trial = trial,
            ReferralQuestion = d.ReferralQuestion,
            Evidence = evidence,
            UnreadableEvidence = evidence is null ? d.EvidenceSnapshotJson : null,
            Findings = findings,
            UnreadableFindings = findingsRead ? null : d.GuidelineFindingsJson,
            DeviatesFromGuideline = d.DeviatesFromGuideline,
            DeviationReason = d.DeviationReason,
            DeviationText = d.DeviationText,
            RulesVersion = d.RulesVersion,
            Status = d.Status,
            VersionNumber = d.VersionNumber,
            AmendmentReason = d.AmendmentReason,
            SupersedesVersion = shown.SupersedesVersion,
            SupersededByVersion = shown.SupersededByVersion,
            SupersededById = shown.SupersededById,
            CreatedBy = Name(d.CreatedById),
            CreatedAt = d.CreatedAt,
            FinalisedBy = Name(d.FinalisedById),
            FinalisedAt = d.FinalisedAt,
            Versions = versions,
        };
    }
}

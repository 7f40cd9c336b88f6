using MdtReview.Clinical.Recist;
using MdtReview.Clinical.Schedules;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Decisions.Services;

/// <summary>
/// Opens the decision editor: the patient, the evidence (frozen at finalisation for a final decision, today's for a
/// draft), the draft or final record with its version history, and the options the form offers. A new draft is
/// pre-filled from the schedules. Anyone who may view clinical data may open it; only oncologists may edit.
/// </summary>
public sealed class OpenDecisionEditor(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    /// <summary>
    /// The editor for a meeting case: its latest decision version (draft or final) or a new draft pre-filled from the
    /// schedules. Null when the case does not exist or the caller may not see it.
    /// </summary>
    public async Task<DecisionEditor?> ForCaseAsync(int meetingCaseId, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var meetingCase = await db.MeetingCases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == meetingCaseId, cancellationToken);
        if (meetingCase is null)
        {
            return null;
        }

        var latest = await DecisionStore.LatestVersionAsync(db.Decisions.Where(d => d.MeetingCaseId == meetingCaseId), cancellationToken);
        return await EditorAsync(db, user, meetingCase.PatientId, meetingCaseId, latest, cancellationToken);
    }

    /// <summary>The editor for a decision (any version) or null when it does not exist or the caller may not see it.</summary>
    public async Task<DecisionEditor?> ForDecisionAsync(int decisionId, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken);
        if (user is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var decision = await db.Decisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken);
        return decision is null ? null : await EditorAsync(db, user, decision.PatientId, decision.MeetingCaseId, decision, cancellationToken);
    }

    private async Task<DecisionEditor?> EditorAsync(
        MdtReviewDbContext db, CurrentUser user, int patientId, int? meetingCaseId, Decision? decision, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.FamilyName, p.GivenName, p.Mrn }).SingleOrDefaultAsync(cancellationToken);
        if (patient is null)
        {
            return null;
        }

        // A final decision shows the evidence the team saw, frozen at finalisation; a draft shows today's.
        var evidence = (decision?.Status == DecisionStatus.Final ? CaseEvidence.FromSnapshotJson(decision.EvidenceSnapshotJson) : null)
            ?? await CaseEvidenceLoader.LoadAsync(db, patientId, today, cancellationToken);
        if (evidence is null)
        {
            return null;
        }

        var lastScan = await db.Scans.Where(s => s.PatientId == patientId && s.ScanDate <= today).MaxAsync(s => (DateOnly?)s.ScanDate, cancellationToken);
        ScanStatus? nextScan = lastScan is { } scanDate
            ? Schedule.NextScan(scanDate, evidence.LatestResponse?.Irecist == ResponseText.Code(IrecistResponse.IUPD), today)
            : null;

        DecisionDraft draft;
        if (decision is not null)
        {
            draft = await DecisionStore.DraftOfAsync(db, decision, cancellationToken);
        }
        else
        {
            // The next scan from the rules library's schedule (routine ~12 weeks, or the iUPD confirmation window); the
            // review follows a week after it so the report is back. A scan already overdue is booked from today.
            var scanDue = nextScan is null ? (DateOnly?)null : nextScan.Due < today ? today.AddDays(7) : nextScan.Due;
            draft = new DecisionDraft
            {
                PatientId = patientId,
                MeetingCaseId = meetingCaseId,
                NextScanDue = scanDue,
                NextReviewDate = scanDue?.AddDays(7) ?? today.AddDays(28),
                InformPatientById = user.Can(Capability.RecordDecisions) ? user.Id : null,
                InformPatientBy = today.AddDays(7),
            };
        }

        var trials = await db.Trials.AsNoTracking().Where(t => t.Status == TrialStatus.Recruiting || t.Id == draft.TrialId)
            .OrderBy(t => t.Title).Select(t => new TrialOption(t.Id, t.Title, t.RegistryId, t.Status)).ToListAsync(cancellationToken);
        var oncologistRoleId = await db.Roles.Where(r => r.Name == Roles.Oncologist).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var clinicians = await db.Users.AsNoTracking()
            .Where(u => !u.IsDisabled && db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == oncologistRoleId))
            .OrderBy(u => u.DisplayName).Select(u => new ClinicianOption(u.Id, u.DisplayName == "" ? u.Email! : u.DisplayName))
            .ToListAsync(cancellationToken);
        var history = decision is null ? [] : await HistoryAsync(db, decision.Id, cancellationToken);
        var noNewDecision = decision is null || (decision.Status == DecisionStatus.Draft && decision.SupersedesId is null)
            ? await DecisionStore.NoNewDecisionReasonAsync(db, meetingCaseId, cancellationToken)
            : null;

        return new DecisionEditor(
            patientId, $"{patient.FamilyName.ToUpperInvariant()}, {patient.GivenName}", patient.Mrn, meetingCaseId,
            user.Can(Capability.RecordDecisions), evidence, draft, history, trials, clinicians, nextScan?.Basis, noNewDecision);
    }

    private static async Task<IReadOnlyList<DecisionVersionRow>> HistoryAsync(MdtReviewDbContext db, int decisionId, CancellationToken cancellationToken)
    {
        var chain = await DecisionChain.LoadAsync(db, decisionId, cancellationToken);
        var finaliserIds = chain.Select(c => c.FinalisedById).OfType<string>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => finaliserIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return [.. chain.Select(c => new DecisionVersionRow(c.Id, c.VersionNumber, c.Status, c.Outcome, c.FinalisedAt,
            c.FinalisedById is null ? null : names.GetValueOrDefault(c.FinalisedById), c.AmendmentReason))];
    }
}

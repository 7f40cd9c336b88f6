using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>
/// Gets one referral with its trial's checklist, its screening history and the minimum summary of its patient, and the moves
/// the caller may make; null when it does not exist or the caller may not see it, alike.
/// </summary>
public sealed class GetReferralDetail(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public async Task<ReferralDetail?> HandleAsync(int referralId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await ReferralAccess.ReadAsync(currentUser, db, cancellationToken);
        if (access is null)
        {
            return null;
        }

        var referral = await access.Visible(db)
            .Include(r => r.Trial).ThenInclude(t => t!.Criteria)
            .Include(r => r.Transitions)
            .AsSplitQuery()
            .SingleOrDefaultAsync(r => r.Id == referralId, cancellationToken);
        if (referral is null)
        {
            return null;
        }

        var trial = referral.Trial!;
        var criteria = ReferralFacts.Criteria(trial);
        var userIds = referral.Transitions.Select(t => t.ById).Append(referral.ReferredById).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var history = referral.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new ReferralTransitionView(t.At, names.GetValueOrDefault(t.ById, "Unknown user"), t.FromStatus, t.ToStatus, t.ToStatus.ToFhirCode(),
                t.Reason, ReferralFacts.CriteriaTexts(t.FailedCriteria, criteria)))
            .ToList();

        var summary = await SummaryAsync(db, referral.PatientId, cancellationToken);
        var canScreen = access.CanScreen(referral.TrialId);
        var trialView = new ReferralTrialView(trial.Id, ReferralText.ShortName(trial.Title), trial.Title, trial.RegistryId, trial.Phase, trial.Status,
            trial.EligibilitySummary, criteria);
        return new ReferralDetail(referral.Id, referral.Version, referral.Status, referral.Question, referral.Reason,
            names.GetValueOrDefault(referral.ReferredById, "Unknown user"), referral.ReferredAt, trialView, summary, history,
            canScreen, canScreen ? ReferralWorkflow.NextStatuses(referral.Status) : []);
    }

    /// <summary>The minimum summary, built from the referral's own patient only.</summary>
    private async Task<ReferralPatientSummary> SummaryAsync(MdtReviewDbContext db, int patientId, CancellationToken cancellationToken)
    {
        var today = ReferralFacts.Today(clock);
        var patient = await db.Patients.AsNoTracking().Where(p => p.Id == patientId)
            .Select(p => new { p.DateOfBirth, p.Sex, p.TumourSite, p.Histology, p.Stage, p.DiagnosisDate })
            .SingleAsync(cancellationToken);
        var biomarkers = await db.Biomarkers.AsNoTracking().Where(b => b.PatientId == patientId)
            .OrderBy(b => b.Name).Select(b => new BiomarkerView(b.Name, b.Result, b.TestedOn)).ToListAsync(cancellationToken);
        var lines = await db.TreatmentCourses.AsNoTracking().Where(c => c.PatientId == patientId)
            .OrderBy(c => c.StartDate).ThenBy(c => c.Id)
            .Select(c => new TreatmentLineView(c.Regimen, c.LineOfTherapy, c.StartDate, c.EndDate, c.Status)).ToListAsync(cancellationToken);

        // Grades, responses and the active irAEs as the clinical library computes them, never here.
        var evidence = await CaseEvidenceLoader.LoadAsync(db, patientId, today, cancellationToken)
            ?? throw new InvalidOperationException("The referral's patient has no record.");
        var iraes = evidence.Iraes.Select(i => new IraeSummaryView(i.Category, i.Term, i.Grade, i.Onset)).ToList();
        return new ReferralPatientSummary(ReferralFacts.AgeOn(patient.DateOfBirth, today), patient.Sex, patient.TumourSite, patient.Histology, patient.Stage,
            patient.DiagnosisDate, biomarkers, evidence.Ecog, lines, evidence.LatestResponse, evidence.ResponseErrors, iraes, evidence.Labs);
    }
}

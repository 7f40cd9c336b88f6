using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>One step of a referral's history: the first state (<see cref="From"/> null) or a transition.</summary>
public sealed record ReferralHistoryEntry(DateTime AtUtc, ReferralStatus? From, ReferralStatus To, string By, string? Reason, IReadOnlyList<string> FailedCriteria);

/// <summary>A referral of the patient as the MDT sees it on the patient page: where it stands and how it got there.</summary>
public sealed record PatientReferralView(
    int Id,
    string TrialTitle,
    string TrialShortTitle,
    string RegistryId,
    ReferralStatus Status,
    string FhirStatus,
    string Question,
    string? Reason,
    string ReferredBy,
    DateTime ReferredAtUtc,
    int? DecisionId,
    IReadOnlyList<ReferralHistoryEntry> History)
{
    public bool IsOpen => ReferralWorkflow.IsOpen(Status);
}

/// <summary>
/// Lists the patient's referrals to trials as the MDT follows them on the patient page: newest first, each with its whole
/// history. Anyone who may read clinical data.
/// </summary>
public sealed class ListPatientReferrals(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    private static readonly CultureInfo _en = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The patient's referrals, newest first, each with its whole history. Empty when the caller may not read clinical data.</summary>
    public async Task<IReadOnlyList<PatientReferralView>> HandleAsync(int patientId, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var referrals = await db.TrialReferrals.AsNoTracking()
            .Where(r => r.PatientId == patientId)
            .Include(r => r.Transitions)
            .Include(r => r.Trial!).ThenInclude(t => t.Criteria)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var userIds = referrals.Select(r => r.ReferredById).Concat(referrals.SelectMany(r => r.Transitions.Select(t => t.ById))).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email })
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? "unknown user" : u.DisplayName, cancellationToken);
        string NameOf(string id) => names.GetValueOrDefault(id, "a former user");

        return [.. referrals
            .OrderByDescending(r => r.ReferredAt).ThenByDescending(r => r.Id)
            .Select(r => new PatientReferralView(r.Id, r.Trial!.Title, ReferralRules.ShortTitle(r.Trial.Title), r.Trial.RegistryId, r.Status, r.Status.ToFhirCode(),
                r.Question, r.Reason, NameOf(r.ReferredById), r.ReferredAt, r.DecisionId, History(r, NameOf)))];
    }

    private static List<ReferralHistoryEntry> History(TrialReferral referral, Func<string, string> nameOf)
    {
        // The first state is the referral itself; the transition that records it (Referred → Referred) adds how it was made.
        var first = referral.Transitions.Where(t => t.FromStatus == ReferralStatus.Referred && t.ToStatus == ReferralStatus.Referred)
            .OrderBy(t => t.At).ThenBy(t => t.Id).FirstOrDefault();
        var criteria = referral.Trial!.Criteria.ToDictionary(c => c.Position, c => c.Text);
        var history = new List<ReferralHistoryEntry>
        {
            new(referral.ReferredAt, null, ReferralStatus.Referred, nameOf(referral.ReferredById), first?.Reason, []),
        };
        history.AddRange(referral.Transitions
            .Where(t => t != first)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new ReferralHistoryEntry(t.At, t.FromStatus, t.ToStatus, nameOf(t.ById), t.Reason, FailedCriteria(t.FailedCriteria, criteria))));
        return history;
    }

    /// <summary>Failed criteria are stored as checklist positions ("2,5"); the MDT reads them by their text.</summary>
    private static IReadOnlyList<string> FailedCriteria(string? positions, Dictionary<int, string> criteria) =>
        string.IsNullOrWhiteSpace(positions)
            ? []
            : [.. positions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => int.TryParse(p, NumberStyles.None, _en, out var position) && criteria.TryGetValue(position, out var text)
                    ? text
                    : $"Criterion {p} (no longer on the trial's checklist)")];
}

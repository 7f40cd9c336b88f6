using System.Globalization;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

public enum PatientSort
{
    Name,
    Mrn,
    DateOfBirth,
    TumourSite,
    NextScanDue,
}

/// <summary>What the list is filtered by; every part is optional. Several alerts show patients with any of them.</summary>
public sealed record PatientListFilter
{
    public string? Search { get; init; }
    public TumourSite? TumourSite { get; init; }
    public TreatmentStatus? TreatmentStatus { get; init; }
    public IReadOnlyList<PatientAlertKind> Alerts { get; init; } = [];
}

public sealed record PatientListRequest(PatientListFilter Filter, PatientSort Sort = PatientSort.Name, bool Descending = false, int Page = 0, int PageSize = 25);

/// <summary>One alert on a row: its kind and the figures behind it (a grade, a date, a window).</summary>
public sealed record PatientAlert(PatientAlertKind Kind, string Detail, int? Grade = null, bool Overdue = false);

public sealed record PatientListRow(
    int Id,
    string Name,
    string Mrn,
    string? NhsNumber,
    DateOnly DateOfBirth,
    TumourSite TumourSite,
    string? Regimen,
    TreatmentStatus? TreatmentStatus,
    DateOnly? NextScanDue,
    IReadOnlyList<PatientAlert> Alerts);

/// <summary>A page of the list; <see cref="Forbidden"/> when the caller may not see clinical data (then it is empty).</summary>
public sealed record PatientListPage(IReadOnlyList<PatientListRow> Items, int TotalCount, bool Forbidden = false)
{
    public static PatientListPage Refused { get; } = new([], 0, true);
}

/// <summary>
/// The patient list for oncologists and governance leads: searched, filtered, sorted and paged in the database, with the
/// alerts read from <see cref="PatientAlertState"/> against today's date.
/// </summary>
public sealed class PatientListService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider clock)
{
    public const int MaxPageSize = 100;

    public async Task<PatientListPage> ListAsync(PatientListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await currentUser.RequireAsync(Capability.ViewClinicalData, cancellationToken) is null)
        {
            return PatientListPage.Refused;
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        var page = Math.Max(0, request.Page);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = Filter(db, request.Filter, today);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Sort(query, request.Sort, request.Descending)
            .Skip(page * pageSize).Take(pageSize)
            .Select(x => new
            {
                x.Patient.Id,
                x.Patient.FamilyName,
                x.Patient.GivenName,
                x.Patient.Mrn,
                x.Patient.NhsNumber,
                x.Patient.DateOfBirth,
                x.Patient.TumourSite,
                Course = x.Patient.TreatmentCourses.OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
                    .Select(c => new { c.Regimen, c.Status }).FirstOrDefault(),
                x.State,
            })
            .ToListAsync(cancellationToken);

        return new PatientListPage(
            [.. rows.Select(r => new PatientListRow(
                r.Id, $"{r.FamilyName.ToUpperInvariant()}, {r.GivenName}", r.Mrn, r.NhsNumber, r.DateOfBirth, r.TumourSite,
                r.Course?.Regimen, r.Course?.Status, r.State?.NextScanDue, AlertsOf(r.State, today)))],
            total);
    }

    /// <summary>The alerts of one state on <paramref name="today"/>, with their figures, in <see cref="PatientAlertKind"/> order.</summary>
    public static IReadOnlyList<PatientAlert> AlertsOf(PatientAlertState? state, DateOnly today) =>
        state is null
            ? []
            : [.. PatientAlertRules.Active(state, today).Select(kind => kind switch
            {
                PatientAlertKind.IraeGrade2OrAbove => new PatientAlert(kind, $"Highest active irAE grade {state.MaxActiveIraeGrade}", state.MaxActiveIraeGrade),
                PatientAlertKind.RecentLabGrade3OrAbove => new PatientAlert(kind, $"Lab result graded CTCAE ≥3 collected {Date(state.LatestGrade3LabDate)}"),
                PatientAlertKind.IupdAwaitingConfirmation => new PatientAlert(kind,
                    $"iUPD on the scan of {Date(state.IupdSince)}; confirmation scan {Date(state.IupdConfirmFrom)} to {Date(state.IupdConfirmBy)}",
                    Overdue: state.IupdConfirmBy < today),
                PatientAlertKind.ScanOverdue => new PatientAlert(kind, $"Next scan was due by {Date(state.NextScanLatest)}", Overdue: true),
                PatientAlertKind.BloodsDue => new PatientAlert(kind,
                    $"Pre-cycle bloods due by {Date(state.BloodsDueBy)} for the infusion on {Date(state.NextInfusionDue)}",
                    Overdue: state.BloodsDueBy < today),
                _ => new PatientAlert(kind, ""),
            })];

    private sealed class Joined
    {
        public required Patient Patient { get; init; }
        public PatientAlertState? State { get; init; }
    }

    private static IQueryable<Joined> Filter(MdtReviewDbContext db, PatientListFilter filter, DateOnly today)
    {
        var query =
            from p in db.Patients.AsNoTracking()
            join s in db.PatientAlertStates.AsNoTracking() on p.Id equals s.PatientId into states
            from s in states.DefaultIfEmpty()
            select new Joined { Patient = p, State = s };

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            query = Search(query, filter.Search);
        }

        if (filter.TumourSite is { } site)
        {
            query = query.Where(x => x.Patient.TumourSite == site);
        }

        if (filter.TreatmentStatus is { } status)
        {
            query = query.Where(x => x.Patient.TreatmentCourses.OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
                .Select(c => (TreatmentStatus?)c.Status).FirstOrDefault() == status);
        }

        if (filter.Alerts.Count > 0)
        {
            var alerted = db.PatientAlertStates.Where(PatientAlertRules.HasAny(filter.Alerts, today)).Select(s => s.PatientId);
            query = query.Where(x => alerted.Contains(x.Patient.Id));
        }

        return query;
    }

    /// <summary>
    /// Digits (spaces allowed, as NHS numbers are written "943 476 5919") find an NHS number (in full, or by its first digits)
    /// or an MRN containing them; one word finds an MRN by its start or a family or given name by its start; several words
    /// find names where every word starts the family or given name.
    /// </summary>
    private static IQueryable<Joined> Search(IQueryable<Joined> query, string search)
    {
        var term = search.Trim().ToUpperInvariant();
        if (term.All(c => char.IsDigit(c) || c == ' '))
        {
            var digits = new string([.. term.Where(char.IsDigit)]);
            return digits.Length == 10
                ? query.Where(x => x.Patient.NhsNumber == digits)
                : query.Where(x => x.Patient.NhsNumber!.StartsWith(digits) || x.Patient.Mrn.Contains(digits));
        }

        var words = term.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1)
        {
            var word = words[0];
            return query.Where(x => x.Patient.Mrn.ToUpper().StartsWith(word)
                || x.Patient.FamilyName.ToUpper().StartsWith(word) || x.Patient.GivenName.ToUpper().StartsWith(word));
        }

        foreach (var word in words)
        {
            query = query.Where(x => x.Patient.FamilyName.ToUpper().StartsWith(word) || x.Patient.GivenName.ToUpper().StartsWith(word));
        }

        return query;
    }

    private static IQueryable<Joined> Sort(IQueryable<Joined> query, PatientSort sort, bool descending)
    {
        var ordered = sort switch
        {
            PatientSort.Mrn => descending ? query.OrderByDescending(x => x.Patient.Mrn) : query.OrderBy(x => x.Patient.Mrn),
            PatientSort.DateOfBirth => descending ? query.OrderByDescending(x => x.Patient.DateOfBirth) : query.OrderBy(x => x.Patient.DateOfBirth),
            PatientSort.TumourSite => descending ? query.OrderByDescending(x => x.Patient.TumourSite) : query.OrderBy(x => x.Patient.TumourSite),
            // Patients with no scan due go last in either direction (SQLite and PostgreSQL order nulls differently).
            PatientSort.NextScanDue => descending
                ? query.OrderBy(x => x.State == null || x.State.NextScanDue == null).ThenByDescending(x => x.State!.NextScanDue)
                : query.OrderBy(x => x.State == null || x.State.NextScanDue == null).ThenBy(x => x.State!.NextScanDue),
            // Case-insensitive, so "McDonald" sorts beside "Macdonald" on both providers (SQLite compares bytes).
            _ => descending
                ? query.OrderByDescending(x => x.Patient.FamilyName.ToUpper()).ThenByDescending(x => x.Patient.GivenName.ToUpper())
                : query.OrderBy(x => x.Patient.FamilyName.ToUpper()).ThenBy(x => x.Patient.GivenName.ToUpper()),
        };
        return ordered.ThenBy(x => x.Patient.Id);
    }

    private static string Date(DateOnly? date) => date?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "—";
}

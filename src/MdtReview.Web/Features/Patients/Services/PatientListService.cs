using MdtReview.Data;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Services;

public sealed record PatientRow(int Id, string Name, string Mrn, string? NhsNumber, DateOnly DateOfBirth, TumourSite TumourSite, string? Regimen, TreatmentStatus? Status);

public sealed record PatientPage(IReadOnlyList<PatientRow> Items, int TotalCount);

/// <summary>The patient list, paged and searched in the database.</summary>
public sealed class PatientListService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<PatientPage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetInRoleAsync([Roles.Oncologist, Roles.GovernanceLead], cancellationToken) is null)
        {
            return new PatientPage([], 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Patients.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            var digits = new string(term.Where(char.IsDigit).ToArray());
            var upper = term.ToUpperInvariant();
            query = query.Where(p =>
                p.FamilyName.ToUpper().StartsWith(upper) ||
                p.GivenName.ToUpper().StartsWith(upper) ||
                p.Mrn.ToUpper() == upper ||
                (digits.Length == 10 && p.NhsNumber == digits));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Skip(page * pageSize).Take(pageSize)
            .Select(p => new
            {
                p.Id,
                p.FamilyName,
                p.GivenName,
                p.Mrn,
                p.NhsNumber,
                p.DateOfBirth,
                p.TumourSite,
                Course = p.TreatmentCourses.OrderByDescending(c => c.StartDate).Select(c => new { c.Regimen, c.Status }).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return new PatientPage(
            rows.Select(p => new PatientRow(p.Id, $"{p.FamilyName.ToUpperInvariant()}, {p.GivenName}", p.Mrn, p.NhsNumber, p.DateOfBirth, p.TumourSite, p.Course?.Regimen, p.Course?.Status)).ToList(),
            total);
    }
}

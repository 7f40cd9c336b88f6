using MdtReview.Data;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>Up to 20 patients by the start of their name, their MRN or their NHS number, for adding to an agenda by hand.</summary>
public sealed class SearchPatients(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory)
{
    public async Task<IReadOnlyList<PatientMatch>> HandleAsync(string? term, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.PrepareMeetings, cancellationToken) is null || string.IsNullOrWhiteSpace(term) || term.Trim().Length < 2)
        {
            return [];
        }

        var text = term.Trim();
        var upper = text.ToUpperInvariant();
        var digits = new string(text.Where(char.IsDigit).ToArray());
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Patients.AsNoTracking()
            .Where(p => p.FamilyName.ToUpper().StartsWith(upper) || p.GivenName.ToUpper().StartsWith(upper) ||
                        p.Mrn.ToUpper() == upper || (digits.Length == 10 && p.NhsNumber == digits))
            .OrderBy(p => p.FamilyName).ThenBy(p => p.GivenName).ThenBy(p => p.Id)
            .Take(20)
            .Select(p => new { p.Id, p.FamilyName, p.GivenName, p.Mrn, p.NhsNumber, p.DateOfBirth, p.TumourSite })
            .ToListAsync(cancellationToken);
        return rows.Select(p => new PatientMatch(p.Id, OutcomeNames.PatientName(p.FamilyName, p.GivenName), p.Mrn, p.NhsNumber, p.DateOfBirth, p.TumourSite)).ToList();
    }
}

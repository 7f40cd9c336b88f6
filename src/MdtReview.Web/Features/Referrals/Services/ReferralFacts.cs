using System.Globalization;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Referrals.Services;

/// <summary>Derived facts the workspace shows in several places: today in the hospital, ages, and checklist criteria.</summary>
internal static class ReferralFacts
{
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(HospitalTime.ToLocal(clock.GetUtcNow().UtcDateTime));

    /// <summary>Completed years on <paramref name="today"/>; a 29 February birthday counts from 1 March in other years.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly today)
    {
        var age = today.Year - dateOfBirth.Year;
        return dateOfBirth > today.AddYears(-age) ? age - 1 : age;
    }

    public static IReadOnlyList<ReferralCriterionView> Criteria(Trial trial) =>
        trial.Criteria.OrderBy(c => c.Position).Select(c => new ReferralCriterionView(c.Position, c.Text, c.IsExclusion)).ToList();

    /// <summary>The texts of the criteria a transition cites by position; a position the checklist no longer has is named by number.</summary>
    public static IReadOnlyList<string> CriteriaTexts(string? positions, IReadOnlyList<ReferralCriterionView> criteria)
    {
        if (string.IsNullOrWhiteSpace(positions))
        {
            return [];
        }

        return positions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position)
                ? criteria.FirstOrDefault(c => c.Position == position)?.Text ?? $"Criterion {position}"
                : p)
            .ToList();
    }
}

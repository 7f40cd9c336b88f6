using MdtReview.Data.Model;

namespace MdtReview.Web.Features.Meetings.Services;

/// <summary>The minimum attendance a meeting needs, copied onto the meeting when it is created.</summary>
public sealed record QuorumRequirement(int Oncologists, int Radiologists, int OtherSpecialties)
{
    public static QuorumRequirement Of(Meeting meeting) => new(meeting.QuorumOncologists, meeting.QuorumRadiologists, meeting.QuorumOtherSpecialties);
}

/// <summary>Whether the attendance meets the quorum, and who is missing, in words.</summary>
public sealed record QuorumStatus(bool Met, int Oncologists, int Radiologists, int OtherSpecialties, IReadOnlyList<string> Missing)
{
    public string Text => Met ? "Quorum met" : $"Quorum not met (missing: {string.Join(", ", Missing)})";
}

/// <summary>
/// Quorum by specialty. Core-member attendance by specialty is how MDT quorum is defined in NHS operational policies
/// (one member of each core specialty, or cover, present); the numbers come from <see cref="QuorumOptions"/>.
/// </summary>
public static class Quorum
{
    /// <summary>Specialties offered when recording attendance; free text from user profiles is classified the same way.</summary>
    public static readonly IReadOnlyList<string> Specialties =
    [
        "Medical oncologist", "Clinical oncologist", "Radiologist", "Histopathologist", "Clinical nurse specialist",
        "Surgeon", "Respiratory physician", "Dermatologist", "Urologist", "Pharmacist", "Research nurse", "MDT coordinator",
    ];

    public static bool IsOncologist(string specialty) => specialty.Contains("oncologist", StringComparison.OrdinalIgnoreCase);

    public static bool IsRadiologist(string specialty) => specialty.Contains("radiologist", StringComparison.OrdinalIgnoreCase);

    public static QuorumStatus Evaluate(QuorumRequirement required, IEnumerable<string> attendeeSpecialties)
    {
        var specialties = attendeeSpecialties.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var oncologists = specialties.Count(IsOncologist);
        var radiologists = specialties.Count(s => !IsOncologist(s) && IsRadiologist(s));
        // Other specialties count once each: two nurses are one specialty present, not two.
        var others = specialties.Where(s => !IsOncologist(s) && !IsRadiologist(s)).Distinct(StringComparer.OrdinalIgnoreCase).Count();

        var missing = new List<string>();
        AddMissing(missing, required.Oncologists - oncologists, "oncologist", "oncologists");
        AddMissing(missing, required.Radiologists - radiologists, "radiologist", "radiologists");
        AddMissing(missing, required.OtherSpecialties - others, "other specialty", "other specialties");
        return new QuorumStatus(missing.Count == 0, oncologists, radiologists, others, missing);
    }

    private static void AddMissing(List<string> missing, int shortBy, string one, string many)
    {
        if (shortBy > 0)
        {
            missing.Add($"{shortBy} {(shortBy == 1 ? one : many)}");
        }
    }
}

using MdtReview.Data.Identity;

namespace MdtReview.Data.Seeding;

/// <summary>The demo accounts (overview §8). Created only by the demo seed, never in production.</summary>
public static class DemoUsers
{
    public const string Password = "MdtReview-demo-2026";

    public static readonly IReadOnlyList<DemoUser> All =
    [
        new("oncologist@demo.mdtreview.local", "Dr Amelia Hart", Roles.Oncologist, "Medical oncologist"),
        new("oncologist2@demo.mdtreview.local", "Dr Rajesh Menon", Roles.Oncologist, "Medical oncologist"),
        new("governance@demo.mdtreview.local", "Helen Okafor", Roles.GovernanceLead, "Clinical governance lead"),
        new("pi@demo.mdtreview.local", "Prof. Daniel Reyes", Roles.TrialInvestigator, "Principal investigator"),
        new("pi2@demo.mdtreview.local", "Dr Sofia Lindqvist", Roles.TrialInvestigator, "Principal investigator"),
        new("admin@demo.mdtreview.local", "Sam Patel", Roles.Administrator, "System administrator"),
    ];
}

public sealed record DemoUser(string Email, string DisplayName, string Role, string Specialty);

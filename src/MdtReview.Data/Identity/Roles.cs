namespace MdtReview.Data.Identity;

public static class Roles
{
    public const string Oncologist = nameof(Oncologist);
    public const string GovernanceLead = nameof(GovernanceLead);
    public const string TrialInvestigator = nameof(TrialInvestigator);
    public const string Administrator = nameof(Administrator);

    public static readonly IReadOnlyList<string> All = [Oncologist, GovernanceLead, TrialInvestigator, Administrator];
}

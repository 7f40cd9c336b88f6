using System.Linq.Expressions;
using MdtReview.Data.Model;

namespace MdtReview.Data.Evidence;

/// <summary>The alerts a patient can carry on the list, the home page and agenda suggestions.</summary>
public enum PatientAlertKind
{
    /// <summary>An active immune-related adverse event of CTCAE grade ≥2 (the grade at which checkpoint inhibitors are usually held, ASCO 2021).</summary>
    IraeGrade2OrAbove,

    /// <summary>A current lab result graded CTCAE v5 ≥3 collected in the last 14 days.</summary>
    RecentLabGrade3OrAbove,

    /// <summary>iRECIST iUPD on the latest scan, awaiting the confirmation scan 4–8 weeks later.</summary>
    IupdAwaitingConfirmation,

    /// <summary>The next scan is past its latest date (routine 12-weekly, or the end of the iUPD confirmation window).</summary>
    ScanOverdue,

    /// <summary>Pre-cycle bloods not yet done and their window before the next infusion has opened.</summary>
    BloodsDue,
}

/// <summary>
/// How each alert reads a <see cref="PatientAlertState"/> on a given day. <see cref="Has"/> is the database form (lists filter
/// and page with it); <see cref="Active"/> is the same rule in memory (chips). Both compare stored dates with today, so an
/// alert appears or lapses as days pass without the state being refreshed.
/// </summary>
public static class PatientAlertRules
{
    /// <summary>Lab alert window: a grade ≥3 result collected today or in the 14 days before.</summary>
    public const int RecentLabDays = 14;

    /// <summary>Lab alert threshold: CTCAE grade 3 (severe) and above.</summary>
    public const int LabAlertGrade = 3;

    /// <summary>irAE alert threshold: grade 2, from which ASCO 2021 advises holding most checkpoint-inhibitor treatment.</summary>
    public const int IraeAlertGrade = 2;

    /// <summary>The alert as a predicate the database evaluates, for <paramref name="today"/>.</summary>
    public static Expression<Func<PatientAlertState, bool>> Has(PatientAlertKind kind, DateOnly today)
    {
        var labSince = today.AddDays(-RecentLabDays);
        return kind switch
        {
            PatientAlertKind.IraeGrade2OrAbove => s => s.MaxActiveIraeGrade >= IraeAlertGrade,
            PatientAlertKind.RecentLabGrade3OrAbove => s => s.LatestGrade3LabDate >= labSince,
            PatientAlertKind.IupdAwaitingConfirmation => s => s.IupdSince != null,
            PatientAlertKind.ScanOverdue => s => s.NextScanLatest < today,
            PatientAlertKind.BloodsDue => s => s.BloodsWindowOpens <= today,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Patients carrying any of <paramref name="kinds"/> on <paramref name="today"/>, as one predicate the database evaluates.</summary>
    public static Expression<Func<PatientAlertState, bool>> HasAny(IEnumerable<PatientAlertKind> kinds, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var parameter = Expression.Parameter(typeof(PatientAlertState), "s");
        Expression? body = null;
        foreach (var kind in kinds.Distinct().Order())
        {
            var predicate = Has(kind, today);
            var rebound = new ReplaceParameter(predicate.Parameters[0], parameter).Visit(predicate.Body);
            body = body is null ? rebound : Expression.OrElse(body, rebound);
        }

        return Expression.Lambda<Func<PatientAlertState, bool>>(body ?? Expression.Constant(false), parameter);
    }

    /// <summary>True when <paramref name="state"/> carries <paramref name="kind"/> on <paramref name="today"/>.</summary>
    public static bool IsActive(PatientAlertState state, PatientAlertKind kind, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(state);
        return kind switch
        {
            PatientAlertKind.IraeGrade2OrAbove => state.MaxActiveIraeGrade >= IraeAlertGrade,
            PatientAlertKind.RecentLabGrade3OrAbove => state.LatestGrade3LabDate >= today.AddDays(-RecentLabDays),
            PatientAlertKind.IupdAwaitingConfirmation => state.IupdSince is not null,
            PatientAlertKind.ScanOverdue => state.NextScanLatest < today,
            PatientAlertKind.BloodsDue => state.BloodsWindowOpens <= today,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Every alert <paramref name="state"/> carries on <paramref name="today"/>, in <see cref="PatientAlertKind"/> order.</summary>
    public static IReadOnlyList<PatientAlertKind> Active(PatientAlertState state, DateOnly today) =>
        [.. Enum.GetValues<PatientAlertKind>().Where(k => IsActive(state, k, today))];

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

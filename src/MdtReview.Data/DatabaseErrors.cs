using Microsoft.Data.Sqlite;
using Npgsql;

namespace MdtReview.Data;

/// <summary>A unique index the features rely on to settle a race, as each provider names it in its error.</summary>
/// <param name="Name">The index name (PostgreSQL reports it).</param>
/// <param name="Table">The table (SQLite reports table and columns instead of the index).</param>
/// <param name="Columns">The indexed columns, in order.</param>
public sealed record UniqueIndex(string Name, string Table, params string[] Columns)
{
    /// <summary>One open referral per patient and trial (a referral that ended does not count).</summary>
    public static readonly UniqueIndex OpenReferral = new("IX_TrialReferrals_PatientId_TrialId_Open", "TrialReferrals", "PatientId", "TrialId");

    /// <summary>One original decision per meeting case (amendments aside).</summary>
    public static readonly UniqueIndex OriginalDecision = new("IX_Decisions_MeetingCaseId_Original", "Decisions", "MeetingCaseId");

    internal string SqliteMessage => "UNIQUE constraint failed: " + string.Join(", ", Columns.Select(c => $"{Table}.{c}"));
}

/// <summary>
/// What a failed database call means, whichever provider raised it. Features ask these questions instead of naming
/// Npgsql or SQLite exception types, so provider details stay in Data.
/// </summary>
public static class DatabaseErrors
{
    /// <summary>True when <paramref name="index"/> refused the write: another writer committed the same key first.</summary>
    public static bool IsUniqueViolation(Exception exception, UniqueIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        return Chain(exception).Any(e => e switch
        {
            // PostgreSQL 23505 unique_violation names the index.
            PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg => pg.ConstraintName == index.Name,
            // SQLITE_CONSTRAINT_UNIQUE (2067) names the table and columns.
            SqliteException { SqliteExtendedErrorCode: 2067 } sqlite => sqlite.Message.Contains(index.SqliteMessage, StringComparison.Ordinal),
            _ => false,
        });
    }

    /// <summary>
    /// True when the database was busy or the transaction lost a race to another writer (SQLite BUSY and BUSY_SNAPSHOT,
    /// PostgreSQL serialization failure and deadlock): nothing was written and the same request may succeed a moment later.
    /// </summary>
    public static bool IsBusy(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException { SqliteErrorCode: 5 } or SqliteException { SqliteExtendedErrorCode: 517 } => true,
        PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } => true,
        _ => false,
    });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}

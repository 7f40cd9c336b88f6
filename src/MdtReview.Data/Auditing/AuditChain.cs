using System.Data.Common;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MdtReview.Data.Auditing;

/// <summary>An audit event before it is placed in the chain.</summary>
public sealed record AuditRecord(AuditActor Actor, string EntityType, string EntityId, AuditAction Action, int? PatientId, string? ChangesJson);

/// <summary>
/// Appends events to the hash chain inside the caller's transaction. Writers are serialised so that two of them can never
/// read the same chain head and fork the chain:
/// <list type="bullet">
/// <item>PostgreSQL: <see cref="LockAsync"/> takes a transaction-scoped advisory lock (<c>pg_advisory_xact_lock</c>), released at
/// commit or rollback. The interceptor takes it before the entity writes, so every audited transaction takes its locks in
/// the same order (chain lock first) and two writers cannot deadlock on it.</item>
/// <item>SQLite: a database has one writer at a time. Transactions begun through EF Core start with <c>BEGIN IMMEDIATE</c>
/// (Microsoft.Data.Sqlite's default), so the write lock is held before the head is read; and in a deferred transaction the
/// head is read only after the transaction's own writes, which SQLite allows only on the newest snapshot.</item>
/// </list>
/// The unique index on <see cref="AuditEvent.Sequence"/> is the last line: a writer that somehow read a stale head fails
/// instead of forking the chain.
/// </summary>
public sealed class AuditChain(AuditHasher hasher, TimeProvider timeProvider)
{
    // "MDTRAUDT" in ASCII: one application-wide advisory lock key for the chain.
    private const long AdvisoryLockKey = 0x4D44_5452_4155_4454;

    /// <summary>Takes the chain lock in the context's current transaction (a no-op on SQLite, see the class summary).</summary>
    public static async Task LockAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken);
        }
    }

    /// <summary>Appends <paramref name="records"/> after the current head, in order, in the context's current transaction.</summary>
    public async Task<IReadOnlyList<AuditEvent>> AppendAsync(DbContext db, IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return [];
        }

        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Audit events are appended inside the transaction of the write they record.");
        await LockAsync(db, cancellationToken);

        var table = AuditTable.Of(db);
        var connection = db.Database.GetDbConnection();
        var (sequence, previousHash) = await ReadHeadAsync(connection, transaction, table, cancellationToken);

        await using var insert = table.CreateInsert(connection, transaction);
        var occurredAt = AuditHasher.Truncate(timeProvider.GetUtcNow().UtcDateTime);
        var written = new List<AuditEvent>(records.Count);
        foreach (var record in records)
        {
            var e = new AuditEvent
            {
                Sequence = ++sequence,
                OccurredAt = occurredAt,
                UserId = record.Actor.UserId,
                UserName = record.Actor.UserName,
                EntityType = record.EntityType,
                EntityId = record.EntityId,
                Action = record.Action,
                PatientId = record.PatientId,
                ChangesJson = record.ChangesJson,
                PreviousHash = previousHash,
                Hash = "",
            };
            e.Hash = hasher.Compute(e);
            await AuditTable.ExecuteInsertAsync(insert, e, cancellationToken);
            previousHash = e.Hash;
            written.Add(e);
        }

        return written;
    }

    /// <summary>Appends one event in a transaction of its own (a view, or a summary of a bulk load written outside EF Core).</summary>
    public async Task<AuditEvent> AppendOwnTransactionAsync(DbContext db, AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = await AppendAsync(db, [record], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return written[0];
    }

    private static async Task<(long Sequence, string Hash)> ReadHeadAsync(DbConnection connection, DbTransaction transaction, AuditTable table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Table and column names come from the EF model, not from input.
        command.CommandText = $"SELECT {table.Sequence}, {table.Hash} FROM {table.Name} ORDER BY {table.Sequence} DESC LIMIT 1";
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetString(1))
            : (0, AuditHasher.GenesisHash);
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using MdtReview.Data.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MdtReview.Data.Auditing;

/// <summary>
/// Writes one audit event for every inserted, updated and deleted row that <see cref="AuditPolicy"/> audits, in the same
/// transaction as the write:
/// <list type="number">
/// <item>Before the save: begin a transaction unless the caller has one, take the chain lock, and capture what the save
/// will destroy (original values, the patient of a row about to be deleted).</item>
/// <item>After the save, still inside the transaction: database-generated keys are known, so the events carry the real ids;
/// append them to the hash chain and commit the transaction if this interceptor began it.</item>
/// <item>If the save fails or is cancelled, roll back a transaction this interceptor began: no event without its write.</item>
/// </list>
/// Registered on every context the factory creates (<c>AddMdtReviewData</c>), so feature services need do nothing.
/// </summary>
public sealed class AuditSaveChangesInterceptor(AuditChain chain, IAuditActorAccessor actors) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions _json = new() { Converters = { new JsonStringEnumConverter() } };

    // One interceptor serves every context of a DI scope; each context's save in flight has its own state.
    private readonly ConditionalWeakTable<DbContext, PendingSave> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await BeginAsync(db, cancellationToken);
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await CompleteAsync(db, cancellationToken);
        }

        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await AbandonAsync(db);
        }
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await AbandonAsync(db);
        }
    }

    // The synchronous SaveChanges (used by the data-protection key store, for instance) shares the async path: ASP.NET Core
    // has no synchronization context, so waiting on it cannot deadlock, and Microsoft.Data.Sqlite runs async calls synchronously anyway.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            BeginAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } db)
        {
            CompleteAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            AbandonAsync(db).GetAwaiter().GetResult();
        }
    }

    public override void SaveChangesCanceled(DbContextEventData eventData)
    {
        if (eventData.Context is { } db)
        {
            AbandonAsync(db).GetAwaiter().GetResult();
        }
    }

    private async Task BeginAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db is MdtReviewDbContext { AuditedBySummary: true })
        {
            return;
        }

        // SaveChanges detects changes only after this interceptor has run; the states must be known now.
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var entries = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && AuditPolicy.IsAudited(e.Metadata))
            .ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var actor = AuditActorScope.Current ?? await actors.GetCurrentAsync(cancellationToken);
        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await AuditChain.LockAsync(db, cancellationToken);
            var resolver = new PatientResolver(db);
            var captured = new List<CapturedEntry>(entries.Count);
            foreach (var entry in entries)
            {
                captured.Add(await CaptureAsync(entry, resolver, cancellationToken));
            }

            _pending.AddOrUpdate(db, new PendingSave(actor, owned, captured));
        }
        catch
        {
            if (owned is not null)
            {
                await owned.DisposeAsync();
            }

            throw;
        }
    }

    private async Task CompleteAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (!_pending.TryGetValue(db, out var pending))
        {
            return;
        }

        _pending.Remove(db);
        try
        {
            var resolver = new PatientResolver(db);
            var records = new List<AuditRecord>(pending.Entries.Count);
            foreach (var captured in pending.Entries)
            {
                records.Add(await ToRecordAsync(captured, pending.Actor, resolver, cancellationToken));
            }

            await chain.AppendAsync(db, records, cancellationToken);
            if (pending.OwnedTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            // Disposing an uncommitted transaction rolls it back: a failure here leaves neither the write nor its events.
            if (pending.OwnedTransaction is { } transaction)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private async Task AbandonAsync(DbContext db)
    {
        if (_pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            if (pending.OwnedTransaction is { } transaction)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    private static async Task<CapturedEntry> CaptureAsync(EntityEntry entry, PatientResolver resolver, CancellationToken cancellationToken)
    {
        var captured = new CapturedEntry(entry, entry.State);
        switch (entry.State)
        {
            case EntityState.Modified:
                // An entity attached with Update() has no original values: its "before" is what the database holds now.
                var modified = entry.Properties.Where(p => p.IsModified).ToList();
                var database = modified.Any(p => Equals(p.OriginalValue, p.CurrentValue)) ? await entry.GetDatabaseValuesAsync(cancellationToken) : null;
                foreach (var property in modified)
                {
                    var before = database is null ? property.OriginalValue : database[property.Metadata];
                    if (!Equals(before, property.CurrentValue))
                    {
                        captured.Before[property.Metadata] = before;
                    }
                }

                break;
            case EntityState.Deleted:
                foreach (var property in entry.Properties)
                {
                    captured.Before[property.Metadata] = property.OriginalValue;
                }

                // After the delete the row, and perhaps its parent, are gone: resolve key and patient now.
                captured.EntityId = KeyOf(entry, original: true);
                captured.PatientId = await resolver.ResolveAsync(entry, original: true, cancellationToken);
                captured.RoleName = await RoleNameAsync(entry, original: true, cancellationToken);
                break;
        }

        return captured;
    }

    private static async Task<AuditRecord> ToRecordAsync(CapturedEntry captured, AuditActor actor, PatientResolver resolver, CancellationToken cancellationToken)
    {
        var entry = captured.Entry;
        var action = captured.State switch
        {
            EntityState.Added => AuditAction.Insert,
            EntityState.Modified => AuditAction.Update,
            _ => AuditAction.Delete,
        };

        var changes = new List<(string Field, bool HasBefore, object? Before, bool HasAfter, object? After, AuditPolicy.FieldTreatment Treatment)>();
        foreach (var property in entry.Metadata.GetProperties())
        {
            var treatment = AuditPolicy.Treat(property);
            if (treatment == AuditPolicy.FieldTreatment.Omitted)
            {
                continue;
            }

            switch (action)
            {
                case AuditAction.Insert:
                    changes.Add((property.Name, false, null, true, entry.Property(property.Name).CurrentValue, treatment));
                    break;
                case AuditAction.Update when captured.Before.TryGetValue(property, out var before):
                    changes.Add((property.Name, true, before, true, entry.Property(property.Name).CurrentValue, treatment));
                    break;
                case AuditAction.Delete:
                    changes.Add((property.Name, true, captured.Before[property], false, null, treatment));
                    break;
            }
        }

        var original = action == AuditAction.Delete;
        var roleName = original ? captured.RoleName : await RoleNameAsync(entry, original: false, cancellationToken);
        if (roleName is not null)
        {
            // A role assignment holds only ids; the role's name is what a reader of the trail needs.
            changes.Add(("RoleName", original, roleName, !original, roleName, AuditPolicy.FieldTreatment.Recorded));
        }

        return new AuditRecord(
            actor,
            AuditPolicy.EntityName(entry.Metadata),
            captured.EntityId ?? KeyOf(entry, original: false),
            action,
            original ? captured.PatientId : await resolver.ResolveAsync(entry, original: false, cancellationToken),
            ChangesJson(changes));
    }

    private static string ChangesJson(IEnumerable<(string Field, bool HasBefore, object? Before, bool HasAfter, object? After, AuditPolicy.FieldTreatment Treatment)> changes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (field, hasBefore, before, hasAfter, after, treatment) in changes)
            {
                writer.WriteStartObject(field);
                if (treatment == AuditPolicy.FieldTreatment.Redacted)
                {
                    writer.WriteBoolean("redacted", true);
                }
                else
                {
                    if (hasBefore)
                    {
                        writer.WritePropertyName("before");
                        JsonSerializer.Serialize(writer, before, before?.GetType() ?? typeof(object), _json);
                    }

                    if (hasAfter)
                    {
                        writer.WritePropertyName("after");
                        JsonSerializer.Serialize(writer, after, after?.GetType() ?? typeof(object), _json);
                    }
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The primary key as text; a composite key (a role assignment) as its parts joined by '|'.</summary>
    private static string KeyOf(EntityEntry entry, bool original)
    {
        var key = entry.Metadata.FindPrimaryKey()!;
        return string.Join('|', key.Properties.Select(p =>
        {
            var property = entry.Property(p.Name);
            return Convert.ToString(original ? property.OriginalValue : property.CurrentValue, CultureInfo.InvariantCulture);
        }));
    }

    private static async Task<string?> RoleNameAsync(EntityEntry entry, bool original, CancellationToken cancellationToken)
    {
        if (entry.Entity is not IdentityUserRole<string>)
        {
            return null;
        }

        var property = entry.Property(nameof(IdentityUserRole<>.RoleId));
        var roleId = (string?)(original ? property.OriginalValue : property.CurrentValue);
        var tracked = entry.Context.ChangeTracker.Entries<IdentityRole>().FirstOrDefault(r => r.Entity.Id == roleId);
        return tracked is not null
            ? tracked.Entity.Name
            : await entry.Context.Set<IdentityRole>().AsNoTracking().Where(r => r.Id == roleId).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken);
    }

    private sealed record PendingSave(AuditActor Actor, IDbContextTransaction? OwnedTransaction, List<CapturedEntry> Entries);

    private sealed class CapturedEntry(EntityEntry entry, EntityState state)
    {
        public EntityEntry Entry { get; } = entry;
        public EntityState State { get; } = state;
        public Dictionary<IProperty, object?> Before { get; } = [];
        public string? EntityId { get; set; }
        public int? PatientId { get; set; }
        public string? RoleName { get; set; }
    }
}

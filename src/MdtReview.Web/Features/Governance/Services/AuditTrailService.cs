using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Model;
using MdtReview.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Governance.Services;

/// <summary>
/// Filters of the audit browser; every one optional. Dates are whole UTC days, both ends included. <see cref="EntityId"/>
/// narrows to one record (with <see cref="EntityType"/>), e.g. the trail of one decision linked from its page.
/// </summary>
public sealed record AuditFilter(string? User = null, string? Patient = null, string? EntityType = null, AuditAction? Action = null, DateOnly? From = null, DateOnly? To = null, string? EntityId = null);

public sealed record AuditEventRow(
    long Sequence, DateTime OccurredAt, string? UserId, string? UserName, string EntityType, string EntityId, AuditAction Action,
    int? PatientId, string? PatientMrn, string? ChangesJson, string Hash);

public sealed record AuditEventPage(IReadOnlyList<AuditEventRow> Items, int TotalCount);

/// <summary>One field of a change: its value before and after (null when the field did not exist on that side), or redacted.</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After, bool Redacted);

/// <summary>
/// The audit browser and chain verification for governance leads (and only them). Read-only: nothing here writes.
/// </summary>
public sealed class AuditTrailService(CurrentUserService currentUser, IDbContextFactory<MdtReviewDbContext> contextFactory, AuditChainVerifier verifier)
{
    public const int MaxExportRows = 100_000;

    /// <summary>Walks the whole chain; null when the caller is not an active governance lead.</summary>
    public async Task<AuditVerification?> VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        return await verifier.VerifyAsync(cancellationToken: cancellationToken);
    }

    /// <summary>A page of events matching <paramref name="filter"/>, newest first; empty for anyone but a governance lead.</summary>
    public async Task<AuditEventPage> SearchAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return new AuditEventPage([], 0);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilterAsync(db, filter, cancellationToken);
        var total = await query.CountAsync(cancellationToken);
        var rows = await Project(db, query.OrderByDescending(e => e.Sequence).Skip(Math.Max(0, page) * pageSize).Take(Math.Clamp(pageSize, 1, 500)))
            .ToListAsync(cancellationToken);
        // The join to patients may reorder the page; the page itself is small.
        return new AuditEventPage(rows.OrderByDescending(r => r.Sequence).ToList(), total);
    }

    /// <summary>The entity types present in the trail, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.AsNoTracking().Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The events matching <paramref name="filter"/> as CSV (UTF-8, RFC 4180), oldest first, at most <see cref="MaxExportRows"/>;
    /// null for anyone but a governance lead.
    /// </summary>
    public async Task<byte[]?> ExportCsvAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        if (await currentUser.RequireAsync(Capability.Governance, cancellationToken) is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = await FilterAsync(db, filter, cancellationToken);
        var rows = (await Project(db, query.OrderBy(e => e.Sequence).Take(MaxExportRows)).ToListAsync(cancellationToken)).OrderBy(r => r.Sequence);

        await using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Escape cells a spreadsheet would run as formulas (a user name or free text starting with '='): OWASP CSV injection.
        await using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true))
        {
            string[] header = ["Sequence", "OccurredAtUtc", "UserId", "UserName", "EntityType", "EntityId", "Action", "PatientId", "PatientMrn", "Changes", "Hash"];
            WriteRow(csv, header);
            foreach (var r in rows)
            {
                WriteRow(csv,
                [
                    r.Sequence.ToString(CultureInfo.InvariantCulture),
                    r.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                    r.UserId ?? "", r.UserName ?? "", r.EntityType, r.EntityId, r.Action.ToString(),
                    r.PatientId?.ToString(CultureInfo.InvariantCulture) ?? "", r.PatientMrn ?? "", r.ChangesJson ?? "", r.Hash,
                ]);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void WriteRow(CsvWriter csv, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field);
        }

        csv.NextRecord();
    }

    /// <summary>The changed fields of an event, for the before/after view.</summary>
    public static IReadOnlyList<AuditFieldChange> Changes(string? changesJson)
    {
        if (string.IsNullOrEmpty(changesJson))
        {
            return [];
        }

        using var document = JsonDocument.Parse(changesJson);
        var result = new List<AuditFieldChange>();
        foreach (var field in document.RootElement.EnumerateObject())
        {
            var redacted = field.Value.TryGetProperty("redacted", out var r) && r.ValueKind == JsonValueKind.True;
            result.Add(new AuditFieldChange(field.Name, Text(field.Value, "before"), Text(field.Value, "after"), redacted));
        }

        return result;
    }

    private static string? Text(JsonElement change, string side) =>
        !change.TryGetProperty(side, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.Null => "(empty)",
            JsonValueKind.String => value.GetString(),
            _ => value.GetRawText(),
        };

    private static async Task<IQueryable<AuditEvent>> FilterAsync(MdtReviewDbContext db, AuditFilter filter, CancellationToken cancellationToken)
    {
        var query = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var user = filter.User.Trim().ToUpperInvariant();
            query = query.Where(e => e.UserId == filter.User.Trim() || (e.UserName != null && e.UserName.ToUpper().Contains(user)));
        }

        if (!string.IsNullOrWhiteSpace(filter.Patient))
        {
            // A hospital number (MRN) or the internal patient id.
            var patient = filter.Patient.Trim();
            var ids = await db.Patients.AsNoTracking().Where(p => p.Mrn == patient).Select(p => p.Id).ToListAsync(cancellationToken);
            if (ids.Count == 0 && int.TryParse(patient, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                ids.Add(id);
            }

            query = query.Where(e => e.PatientId != null && ids.Contains(e.PatientId.Value));
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            var entityId = filter.EntityId.Trim();
            query = query.Where(e => e.EntityId == entityId);
        }

        if (filter.Action is { } action)
        {
            query = query.Where(e => e.Action == action);
        }

        if (filter.From is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.OccurredAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            query = query.Where(e => e.OccurredAt < end);
        }

        return query;
    }

    private static IQueryable<AuditEventRow> Project(MdtReviewDbContext db, IQueryable<AuditEvent> query) =>
        from e in query
        join p in db.Patients on e.PatientId equals p.Id into patients
        from p in patients.DefaultIfEmpty()
        select new AuditEventRow(e.Sequence, e.OccurredAt, e.UserId, e.UserName, e.EntityType, e.EntityId, e.Action, e.PatientId, p == null ? null : p.Mrn, e.ChangesJson, e.Hash);
}

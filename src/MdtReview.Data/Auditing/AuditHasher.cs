using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MdtReview.Data.Model;
using Microsoft.Extensions.Options;

namespace MdtReview.Data.Auditing;

/// <summary>
/// The keyed hash of an audit event: HMAC-SHA256 over a canonical encoding of every stored field (sequence, time, actor,
/// entity, action, patient, changes) and the previous event's hash. Editing any field, or moving an event to another
/// position, changes its hash; without the key nobody can compute a matching one.
/// </summary>
public sealed class AuditHasher
{
    /// <summary>The <see cref="AuditEvent.PreviousHash"/> of the first event.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    // Read at the first hash, not at construction: commands that never touch the chain (migrate) run without a key.
    private readonly Lazy<(byte[] Current, IReadOnlyList<(long LastSequence, byte[] Key)> Retired)> _keys;

    public AuditHasher(IOptions<AuditOptions> options) => _keys = new(() =>
    {
        var value = options.Value;
        if (AuditOptions.Problem(value) is { } problem)
        {
            throw new OptionsValidationException(AuditOptions.SectionName, typeof(AuditOptions), [problem]);
        }

        return (AuditOptions.KeyBytes(value.HmacKey)!,
            value.RetiredKeys.OrderBy(k => k.LastSequence).Select(k => (k.LastSequence, AuditOptions.KeyBytes(k.HmacKey)!)).ToList());
    });

    /// <summary>Fails now, with the configuration message, if the key is missing or malformed.</summary>
    public void EnsureKey() => _ = _keys.Value;

    /// <summary>The hash of <paramref name="e"/> with the key that signs (or signed) its sequence number.</summary>
    public string Compute(AuditEvent e) => Convert.ToHexStringLower(HMACSHA256.HashData(KeyFor(e.Sequence), Canonical(e)));

    /// <summary>Times are hashed and stored at microsecond precision, the finest PostgreSQL keeps, so a read-back event hashes the same.</summary>
    public static DateTime Truncate(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    private byte[] KeyFor(long sequence)
    {
        var (current, retired) = _keys.Value;
        foreach (var (lastSequence, key) in retired)
        {
            if (sequence <= lastSequence)
            {
                return key;
            }
        }

        return current;
    }

    /// <summary>A JSON array of the fields in a fixed order: unambiguous (no field can bleed into the next) and stable across providers.</summary>
    internal static byte[] Canonical(AuditEvent e)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(1); // format version of this encoding
            writer.WriteNumberValue(e.Sequence);
            writer.WriteStringValue(e.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStringValue(e.UserId);
            writer.WriteStringValue(e.UserName);
            writer.WriteStringValue(e.EntityType);
            writer.WriteStringValue(e.EntityId);
            writer.WriteStringValue(e.Action.ToString());
            if (e.PatientId is int patientId)
            {
                writer.WriteNumberValue(patientId);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStringValue(e.ChangesJson);
            writer.WriteStringValue(e.PreviousHash);
            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }
}

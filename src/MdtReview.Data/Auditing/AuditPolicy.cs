using MdtReview.Data.Model;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MdtReview.Data.Auditing;

/// <summary>
/// What the audit trail records. Every entity type in the model is audited (clinical data, decisions, meetings, referrals,
/// trials, users, roles, role assignments, claims, logins, tokens) except those on the short exemption list; secrets are
/// never written: a changed secret is recorded as "redacted", so the trail still shows that a password was changed.
/// </summary>
public static class AuditPolicy
{
    public enum FieldTreatment
    {
        Recorded,
        Redacted,
        Omitted,
    }

    /// <summary>Not audited: the audit table itself, and the data-protection key ring (secret key material, not a clinical or user record).</summary>
    private static readonly HashSet<Type> _exemptTypes = [typeof(AuditEvent), typeof(DataProtectionKey)];

    public static bool IsAudited(IEntityType type) => !type.IsOwned() && !_exemptTypes.Contains(type.ClrType);

    public static FieldTreatment Treat(IProperty property)
    {
        var owner = property.DeclaringType.ClrType;
        return property.Name switch
        {
            // Secrets: hashes of passwords, the stamp that invalidates sessions, 2FA authenticator keys and recovery codes (user tokens).
            "PasswordHash" or "SecurityStamp" => FieldTreatment.Redacted,
            "Value" when IsGenericOf(owner, typeof(IdentityUserToken<>)) => FieldTreatment.Redacted,
            // Bookkeeping that changes on every write and means nothing to a reader of the trail.
            "ConcurrencyStamp" => FieldTreatment.Omitted,
            nameof(IVersioned.Version) when typeof(IVersioned).IsAssignableFrom(owner) => FieldTreatment.Omitted,
            _ => FieldTreatment.Recorded,
        };
    }

    /// <summary>The name recorded as the entity type: the CLR name without generic arity (IdentityUserRole, not IdentityUserRole`1).</summary>
    public static string EntityName(IEntityType type)
    {
        var name = type.ClrType.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }

    private static bool IsGenericOf(Type type, Type generic)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
            {
                return true;
            }
        }

        return false;
    }
}

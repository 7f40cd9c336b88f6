using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MdtReview.Data.Auditing;

/// <summary>
/// Finds the patient an audited row belongs to, so the trail can be filtered by patient: the patient itself, a row with a
/// <c>PatientId</c>, or a child of such a row (an infusion through its treatment course, a lesion through its scan, a grade
/// change through its irAE, a referral transition through its referral). The parent is looked up among the tracked
/// entities first and otherwise read from the database inside the save's transaction.
/// </summary>
internal sealed class PatientResolver(DbContext db)
{
    private const string PatientIdName = nameof(LabResult.PatientId);

    private readonly Dictionary<IEntityType, Dictionary<object, EntityEntry>> _tracked = [];
    private readonly Dictionary<(IEntityType, object), int?> _queried = [];

    public async Task<int?> ResolveAsync(EntityEntry entry, bool original, CancellationToken cancellationToken)
    {
        var type = entry.Metadata;
        if (type.ClrType == typeof(Patient))
        {
            return (int?)Value(entry, type.FindPrimaryKey()!.Properties[0], original);
        }

        if (type.FindProperty(PatientIdName) is { } own)
        {
            return Value(entry, own, original) as int?;
        }

        foreach (var foreignKey in type.GetForeignKeys())
        {
            var principal = foreignKey.PrincipalEntityType;
            if (foreignKey.Properties.Count != 1 || foreignKey.PrincipalKey.Properties.Count != 1 || principal.FindProperty(PatientIdName) is not { } principalPatientId)
            {
                continue;
            }

            if (Value(entry, foreignKey.Properties[0], original) is not { } parentKey)
            {
                continue;
            }

            if (Tracked(principal).TryGetValue(parentKey, out var parent))
            {
                return parent.Property(PatientIdName).CurrentValue as int?;
            }

            return await QueryAsync(principal, foreignKey.PrincipalKey.Properties[0], principalPatientId, parentKey, cancellationToken);
        }

        return null;
    }

    private static object? Value(EntityEntry entry, IProperty property, bool original)
    {
        var p = entry.Property(property.Name);
        return original ? p.OriginalValue : p.CurrentValue;
    }

    private Dictionary<object, EntityEntry> Tracked(IEntityType principal)
    {
        if (!_tracked.TryGetValue(principal, out var byKey))
        {
            var key = principal.FindPrimaryKey()!.Properties[0].Name;
            byKey = [];
            foreach (var e in db.ChangeTracker.Entries().Where(e => e.Metadata == principal && e.State != EntityState.Detached))
            {
                if (e.Property(key).CurrentValue is { } k)
                {
                    byKey[k] = e;
                }
            }

            _tracked[principal] = byKey;
        }

        return byKey;
    }

    private async Task<int?> QueryAsync(IEntityType principal, IProperty key, IProperty patientId, object parentKey, CancellationToken cancellationToken)
    {
        if (_queried.TryGetValue((principal, parentKey), out var known))
        {
            return known;
        }

        var table = StoreObjectIdentifier.Table(principal.GetTableName()!, principal.GetSchema());
        var sql = $"SELECT \"{patientId.GetColumnName(table)}\" AS \"Value\" FROM \"{table.Name}\" WHERE \"{key.GetColumnName(table)}\" = {{0}}";
        var found = await db.Database.SqlQueryRaw<int>(sql, parentKey).ToListAsync(cancellationToken);
        int? result = found.Count == 1 ? found[0] : null;
        _queried[(principal, parentKey)] = result;
        return result;
    }
}

using System.Data;
using System.Data.Common;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MdtReview.Data.Auditing;

/// <summary>
/// The audit table's SQL names, taken from the EF model so a renamed column cannot silently break the chain writer.
/// Events are inserted with plain ADO.NET on the context's connection and transaction: they are written after EF Core has
/// saved the entities (so database-generated ids are known), without a second SaveChanges that would re-enter the interceptor.
/// </summary>
internal sealed class AuditTable
{
    private static readonly string[] _insertColumns =
    [
        nameof(AuditEvent.Sequence), nameof(AuditEvent.OccurredAt), nameof(AuditEvent.UserId), nameof(AuditEvent.UserName),
        nameof(AuditEvent.EntityType), nameof(AuditEvent.EntityId), nameof(AuditEvent.Action), nameof(AuditEvent.PatientId),
        nameof(AuditEvent.ChangesJson), nameof(AuditEvent.PreviousHash), nameof(AuditEvent.Hash),
    ];

    private readonly Dictionary<string, string> _columns;

    private AuditTable(string name, Dictionary<string, string> columns)
    {
        Name = name;
        _columns = columns;
    }

    public string Name { get; }

    public string Sequence => _columns[nameof(AuditEvent.Sequence)];

    public string Hash => _columns[nameof(AuditEvent.Hash)];

    public static AuditTable Of(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(AuditEvent))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().ToDictionary(p => p.Name, p => Quote(p.GetColumnName(table)!));
        var name = entity.GetSchema() is { } schema ? $"{Quote(schema)}.{Quote(table.Name)}" : Quote(table.Name);
        return new AuditTable(name, columns);
    }

    public DbCommand CreateInsert(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Names come from the EF model; every value is a parameter.
        command.CommandText = $"INSERT INTO {Name} ({string.Join(", ", _insertColumns.Select(c => _columns[c]))}) "
            + $"VALUES ({string.Join(", ", _insertColumns.Select((_, i) => $"@a{i}"))})";
#pragma warning restore CA2100
        DbType[] types =
        [
            DbType.Int64, DbType.DateTime, DbType.String, DbType.String, DbType.String, DbType.String, DbType.String, DbType.Int32,
            DbType.String, DbType.String, DbType.String,
        ];
        for (var i = 0; i < _insertColumns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@a{i}";
            parameter.DbType = types[i];
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task ExecuteInsertAsync(DbCommand insert, AuditEvent e, CancellationToken cancellationToken)
    {
        object?[] values =
        [
            e.Sequence, e.OccurredAt, e.UserId, e.UserName, e.EntityType, e.EntityId, e.Action.ToString(), e.PatientId, e.ChangesJson,
            e.PreviousHash, e.Hash,
        ];
        for (var i = 0; i < values.Length; i++)
        {
            insert.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

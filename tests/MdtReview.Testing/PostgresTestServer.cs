using Npgsql;

namespace MdtReview.Testing;

/// <summary>
/// The PostgreSQL server the tests run against, named by <c>MDTREVIEW_TEST_POSTGRES</c> (tests/run.sh starts one and sets it).
/// There is no silent skip: without it, PostgreSQL tests fail and say how to provide it.
/// </summary>
public static class PostgresTestServer
{
    public const string EnvironmentVariable = "MDTREVIEW_TEST_POSTGRES";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with tests/run.sh, which starts PostgreSQL, " +
                $"or set {EnvironmentVariable} to a connection string of a role that may CREATE DATABASE.");

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = $"mdtreview_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = false }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        // A freshly written database (the demo seed and its audit events) draws an autovacuum worker; a non-superuser may not
        // terminate it, so FORCE fails with 42501 until the worker has finished, which takes moments. This is clean-up, not a test.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }
}

using MdtReview.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MdtReview.IntegrationTests.Audit;

/// <summary>The audit key is configuration the app cannot run without outside Development.</summary>
public sealed class AuditKeyStartupTests
{
    [Fact]
    public void Production_start_up_without_an_audit_key_fails_with_a_message_naming_the_setting()
    {
        var file = Path.Combine(Path.GetTempPath(), $"mdtreview-nokey-{Guid.NewGuid():N}.db");
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Production");
                b.UseSetting("Database:Provider", nameof(DatabaseProvider.Sqlite));
                b.UseSetting("ConnectionStrings:MdtReview", $"Data Source={file}");
                b.UseSetting("Seed:Demo", "false");
            });

            var error = Record.Exception(() => factory.Server);

            Assert.NotNull(error);
            var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
            Assert.Contains("Audit:HmacKey is not set", messages, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Benchmarks;

/// <summary>
/// The patient list's queries on a synthetic SQLite cohort: seeds the cohort with <see cref="SyntheticCohortSeeder"/> (or reuses
/// the file when it already holds enough synthetic patients), then runs each query through <see cref="PatientListService"/>
/// as the app does (role check included, a new context per call) and prints p50 and p95 wall-clock times.
/// </summary>
internal sealed class ListQueryBenchmark : IBenchmark
{
    private const string UserId = "benchmark-oncologist";

    public string Name => "list-query";

    public string Usage => "[--patients 5000] [--database FILE] [--iterations 200] [--seed 42]";

    public async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var patients = arguments.Int("patients", 5000);
        var iterations = arguments.Int("iterations", 200);
        var seed = arguments.Int("seed", 42);
        var file = arguments.Text("database") ?? Path.Combine(Path.GetTempPath(), $"mdtreview-benchmark-{patients}.db");
        var authentication = new BenchmarkUser();

        await using var services = TestDatabase.CreateServices(DatabaseProvider.Sqlite, $"Data Source={file}", s =>
        {
            s.AddSingleton<AuthenticationStateProvider>(authentication);
            s.AddScoped<CurrentUserService>();
            s.AddScoped<PatientListService>();
        });
        await PrepareAsync(services, file, patients, seed, output, cancellationToken);
        authentication.SignIn(UserId);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (nameFragment, nhsSpaced, total) = await SampleAsync(services, cancellationToken);
        var lastPage = Math.Max(0, (total - 1) / 25);
        var queries = new List<(string Name, PatientListRequest Request)>
        {
            ("first page, unfiltered (by name)", new(new PatientListFilter())),
            ($"search name \"{nameFragment}\"", new(new PatientListFilter { Search = nameFragment })),
            ("search NHS number with spaces", new(new PatientListFilter { Search = nhsSpaced })),
            ("site Lung + status Active", new(new PatientListFilter { TumourSite = MdtReview.Data.Model.TumourSite.Lung, TreatmentStatus = MdtReview.Data.Model.TreatmentStatus.Active })),
        };
        queries.AddRange(Enum.GetValues<PatientAlertKind>().Select(k => ($"alert {k}", new PatientListRequest(new PatientListFilter { Alerts = [k] }))));
        queries.Add(("all five alerts, by next scan", new(new PatientListFilter { Alerts = Enum.GetValues<PatientAlertKind>() }, PatientSort.NextScanDue)));
        queries.Add(("sorted by next scan due", new(new PatientListFilter(), PatientSort.NextScanDue)));
        queries.Add(($"last page (page {lastPage + 1})", new(new PatientListFilter(), Page: lastPage)));

        await output.WriteLineAsync($"{iterations} iterations per query after 5 warm-up runs; page size 25; today {today:yyyy-MM-dd}; {total:N0} patients in {file}");
        await output.WriteLineAsync($"{"query",-42} {"rows",5} {"matches",8} {"p50 ms",8} {"p95 ms",8}");
        foreach (var (name, request) in queries)
        {
            var (page, times) = await TimeAsync(services, request, iterations, cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{name,-42} {page.Items.Count,5} {page.TotalCount,8} {Percentile(times, 0.50),8:F2} {Percentile(times, 0.95),8:F2}"));
        }

        return 0;
    }

    private static async Task PrepareAsync(ServiceProvider services, string file, int patients, int seed, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var started = Stopwatch.StartNew();
        await sp.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
        await DemoSeeder.EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());
        var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByIdAsync(UserId) is null)
        {
            var user = new ApplicationUser { Id = UserId, UserName = "benchmark@example.test", Email = "benchmark@example.test", EmailConfirmed = true, DisplayName = "Benchmark" };
            await users.CreateAsync(user);
            await users.AddToRoleAsync(user, Roles.Oncologist);
        }

        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(cancellationToken);
        var present = await db.Patients.CountAsync(p => p.Mrn.StartsWith(SyntheticCohortSeeder.MrnPrefix), cancellationToken);
        if (present >= patients)
        {
            await output.WriteLineAsync($"Reusing {file}: {present:N0} synthetic patients (delete it to seed afresh).");
            var stale = await db.PatientAlertStates.CountAsync(s => s.ComputedFor < DateOnly.FromDateTime(DateTime.UtcNow), cancellationToken);
            if (stale > 0)
            {
                await output.WriteLineAsync($"Note: {stale:N0} alert states were computed on an earlier day; their dated alerts still read correctly today.");
            }

            return;
        }

        var result = await sp.GetRequiredService<SyntheticCohortSeeder>().SeedAsync(patients - present, seed, cancellationToken);
        await output.WriteLineAsync($"Seeded {file}: {result} Total with migration {started.Elapsed.TotalSeconds:N1} s.");
    }

    private static async Task<(string NameFragment, string NhsSpaced, int Total)> SampleAsync(ServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(cancellationToken);
        var total = await db.Patients.CountAsync(cancellationToken);
        var sample = await db.Patients.OrderBy(p => p.Id).Skip(total / 2).Select(p => new { p.FamilyName, p.NhsNumber }).FirstAsync(cancellationToken);
        var nhs = sample.NhsNumber!;
        return (sample.FamilyName[..Math.Min(3, sample.FamilyName.Length)], $"{nhs[..3]} {nhs[3..6]} {nhs[6..]}", total);
    }

    private static async Task<(PatientListPage Page, List<double> Milliseconds)> TimeAsync(
        ServiceProvider services, PatientListRequest request, int iterations, CancellationToken cancellationToken)
    {
        PatientListPage? page = null;
        var times = new List<double>(iterations);
        for (var i = -5; i < iterations; i++)
        {
            await using var scope = services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<PatientListService>();
            var stopwatch = Stopwatch.StartNew();
            page = await service.ListAsync(request, cancellationToken);
            stopwatch.Stop();
            if (page.Forbidden)
            {
                throw new InvalidOperationException("The benchmark user was refused.");
            }

            if (i >= 0)
            {
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }
        }

        return (page!, times);
    }

    private static double Percentile(List<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private sealed class BenchmarkUser : AuthenticationStateProvider
    {
        private ClaimsPrincipal _user = new(new ClaimsIdentity());

        public void SignIn(string id) => _user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "Benchmark"));

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(_user));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using MdtReview.Data.Identity;
using MdtReview.Data.Seeding;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients;
using MdtReview.Web.Features.Patients.Services;
using MdtReview.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Benchmarks;

/// <summary>
/// review-page: builds a heavy patient (<see cref="HeavyPatient"/>: 2,000 lab results, 20 scans) in a temp SQLite file and
/// times every load the review page makes, as an oncologist, after a warm-up. Prints p50/p95/max per load in milliseconds.
/// </summary>
internal sealed class ReviewPageBenchmark : IBenchmark
{
    public string Name => "review-page";

    public string Usage => "[--iterations 50]";

    public async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var iterations = arguments.Int("iterations", 50);
        var authentication = new FixedUser();
        await using var database = await TestDatabase.CreateSqliteAsync(services =>
        {
            services.AddSingleton<AuthenticationStateProvider>(authentication);
            services.AddScoped<CurrentUserService>();
            services.AddPatients();
        }, cancellationToken);

        await using (var scope = database.Services.CreateAsyncScope())
        {
            await DemoSeeder.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "bench@bench.local", Email = "bench@bench.local", EmailConfirmed = true, DisplayName = "Benchmark" };
            await users.CreateAsync(user, "a long benchmark passphrase");
            await users.AddToRoleAsync(user, Roles.Oncologist);
            authentication.UserId = user.Id;
        }

        int patientId;
        await using (var db = await database.CreateContextAsync(cancellationToken))
        {
            var patient = HeavyPatient.Build(DateTime.UtcNow, "BENCH0001");
            db.Patients.Add(patient);
            await db.SaveChangesAsync(cancellationToken);
            patientId = patient.Id;
        }

        output.WriteLine($"review-page: heavy patient with {HeavyPatient.LabResults} lab results and {HeavyPatient.Scans} scans, SQLite, {iterations} iterations after 3 warm-up runs");
        var twelveMonths = DateTime.UtcNow.AddMonths(-12);
        (string Name, Func<IServiceProvider, Task> Load)[] loads =
        [
            ("header", sp => sp.GetRequiredService<GetPatientHeader>().HandleAsync(patientId)),
            ("latest panel", sp => sp.GetRequiredService<GetLatestLabPanel>().HandleAsync(patientId)),
            ("trends 12 months", sp => sp.GetRequiredService<GetLabTrends>().HandleAsync(patientId, twelveMonths)),
            ("trends all (downsampled)", sp => sp.GetRequiredService<GetLabTrends>().HandleAsync(patientId, null)),
            ("history page 1", sp => sp.GetRequiredService<GetLabHistory>().HandleAsync(patientId, null, 0, 25)),
            ("history page 40", sp => sp.GetRequiredService<GetLabHistory>().HandleAsync(patientId, null, 39, 25)),
            ("side effects", sp => sp.GetRequiredService<GetSideEffects>().HandleAsync(patientId)),
            ("scans + RECIST", sp => sp.GetRequiredService<GetScans>().HandleAsync(patientId)),
            ("treatment", sp => sp.GetRequiredService<GetTreatment>().HandleAsync(patientId)),
        ];

        output.WriteLine($"{"load",-26} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        var totals = new List<double>();
        foreach (var (name, load) in loads)
        {
            var samples = new List<double>();
            for (var i = 0; i < iterations + 3; i++)
            {
                await using var scope = database.Services.CreateAsyncScope();
                var watch = Stopwatch.StartNew();
                await load(scope.ServiceProvider);
                if (i >= 3)
                {
                    samples.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            Print(output, name, samples);
            totals.Add(Percentile(samples, 0.5));
        }

        output.WriteLine($"first view (header + panel + 12-month trends + history page 1 + side effects + scans + treatment, sum of p50): {totals.Where((_, i) => i is not 3 and not 5).Sum():0.0} ms");
        return 0;
    }

    private static void Print(TextWriter output, string name, List<double> samples) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-26} {Percentile(samples, 0.5),8:0.0} {Percentile(samples, 0.95),8:0.0} {samples.Max(),8:0.0}"));

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private sealed class FixedUser : AuthenticationStateProvider
    {
        public string UserId { get; set; } = "";

        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, UserId)], "Benchmark"))));
    }
}

using MdtReview.Clinical.Irae;
using MdtReview.Data;
using MdtReview.Data.Evidence;
using MdtReview.Data.Model;
using MdtReview.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Evidence;

/// <summary>PatientAlerts.RefreshAsync on both providers: it loads the record, upserts one row per patient and joins the caller's transaction.</summary>
public sealed class PatientAlertsRefreshTests
{
    private static readonly DateOnly _today = new(2026, 11, 27);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Refresh_computes_the_alerts_from_the_stored_record_and_updates_the_row_when_the_record_changes(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await Database.CreateAsync(provider);
        await using var db = await database.ContextAsync();
        var patient = NewPatient();
        db.Patients.Add(patient);
        await db.SaveChangesAsync(ct);

        await PatientAlerts.RefreshAsync(db, [patient.Id, 987654], _today, ct);

        await using (var read = await database.ContextAsync())
        {
            var state = await read.PatientAlertStates.AsNoTracking().SingleAsync(ct);
            Assert.Equal(patient.Id, state.PatientId);
            Assert.Equal(3, state.MaxActiveIraeGrade);
            // ALT 250 U/L against a normal baseline of 30 (ULN 40) is 6.25×ULN: CTCAE v5 grade 3.
            Assert.Equal(_today.AddDays(-2), state.LatestGrade3LabDate);
            Assert.Equal(_today.AddDays(-8).AddDays(21), state.NextInfusionDue);
            Assert.Equal(_today, state.ComputedFor);
            Assert.Equal(
                [PatientAlertKind.IraeGrade2OrAbove, PatientAlertKind.RecentLabGrade3OrAbove],
                PatientAlertRules.Active(state, _today));
        }

        var irae = await db.AdverseEvents.SingleAsync(ct);
        irae.ResolvedDate = _today;
        await db.SaveChangesAsync(ct);
        await PatientAlerts.RefreshAsync(db, [patient.Id], _today, ct);

        await using var after = await database.ContextAsync();
        Assert.Equal(1, await after.PatientAlertStates.CountAsync(ct));
        Assert.Null((await after.PatientAlertStates.SingleAsync(ct)).MaxActiveIraeGrade);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_refresh_inside_a_writers_transaction_rolls_back_with_it(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await Database.CreateAsync(provider);
        await using var db = await database.ContextAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            var patient = NewPatient();
            db.Patients.Add(patient);
            await db.SaveChangesAsync(ct);
            await PatientAlerts.RefreshAsync(db, [patient.Id], _today, ct);
            Assert.Equal(1, await db.PatientAlertStates.CountAsync(ct));
            await transaction.RollbackAsync(ct);
        }

        await using var read = await database.ContextAsync();
        Assert.Equal(0, await read.PatientAlertStates.CountAsync(ct));
        Assert.Equal(0, await read.Patients.CountAsync(ct));
    }

    private static Patient NewPatient()
    {
        var start = _today.AddDays(-120);
        var patient = new Patient
        {
            Mrn = "RH100001",
            NhsNumber = "9990000018",
            FamilyName = "Okafor",
            GivenName = "Grace",
            DateOfBirth = new DateOnly(1958, 3, 14),
            TumourSite = TumourSite.Lung,
            Histology = "Adenocarcinoma of lung (non-small-cell)",
            Stage = "IVA",
            DiagnosisDate = start.AddDays(-40),
        };
        var course = new TreatmentCourse
        {
            Regimen = "Pembrolizumab 200 mg q3w",
            Drugs = "pembrolizumab",
            IntervalDays = 21,
            StartDate = start,
            Status = TreatmentStatus.Active,
        };
        course.Infusions.Add(new Infusion { CycleNumber = 1, Date = _today.AddDays(-8), Status = MdtReview.Data.Model.InfusionStatus.Given });
        patient.TreatmentCourses.Add(course);
        patient.AdverseEvents.Add(new AdverseEvent { Category = IraeCategory.Hepatitis, CtcaeTerm = "Hepatitis", CurrentGrade = 3, OnsetDate = _today.AddDays(-3) });
        patient.LabResults.Add(Alt(30, start.AddDays(-7)));
        patient.LabResults.Add(Alt(250, _today.AddDays(-2)));
        return patient;
    }

    private static LabResult Alt(decimal value, DateOnly collected) => new()
    {
        TestCode = "ALT",
        Value = value,
        Unit = "U/L",
        Uln = 40,
        CollectedAt = DateTime.SpecifyKind(collected.ToDateTime(new TimeOnly(9, 0)), DateTimeKind.Utc),
        RecordedAt = DateTime.SpecifyKind(collected.ToDateTime(new TimeOnly(13, 0)), DateTimeKind.Utc),
    };

    /// <summary>A migrated empty database on either provider.</summary>
    private sealed class Database : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly AsyncServiceScope _scope;
        private readonly string? _postgres;
        private readonly SqliteTestDatabase? _sqlite;

        private Database(ServiceProvider services, string? postgres, SqliteTestDatabase? sqlite)
        {
            _services = services;
            _scope = services.CreateAsyncScope();
            _postgres = postgres;
            _sqlite = sqlite;
        }

        public static async Task<Database> CreateAsync(DatabaseProvider provider)
        {
            if (provider == DatabaseProvider.Sqlite)
            {
                var sqlite = await TestDatabase.CreateSqliteAsync();
                return new Database(sqlite.Services, null, sqlite);
            }

            var connectionString = await PostgresTestServer.CreateDatabaseAsync();
            var database = new Database(TestDatabase.CreateServices(provider, connectionString), connectionString, null);
            await database._scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(TestContext.Current.CancellationToken);
            return database;
        }

        public Task<MdtReviewDbContext> ContextAsync() =>
            _scope.ServiceProvider.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            await _scope.DisposeAsync();
            if (_sqlite is not null)
            {
                await _sqlite.DisposeAsync();
                return;
            }

            await _services.DisposeAsync();
            await PostgresTestServer.DropDatabaseAsync(_postgres!);
        }
    }
}

using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MdtReview.Data;

public class MdtReviewDbContext(DbContextOptions<MdtReviewDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<Biomarker> Biomarkers => Set<Biomarker>();
    public DbSet<EcogAssessment> EcogAssessments => Set<EcogAssessment>();
    public DbSet<TreatmentCourse> TreatmentCourses => Set<TreatmentCourse>();
    public DbSet<Infusion> Infusions => Set<Infusion>();
    public DbSet<LabResult> LabResults => Set<LabResult>();
    public DbSet<AdverseEvent> AdverseEvents => Set<AdverseEvent>();
    public DbSet<AdverseEventGrade> AdverseEventGrades => Set<AdverseEventGrade>();
    public DbSet<Scan> Scans => Set<Scan>();
    public DbSet<LesionMeasurement> LesionMeasurements => Set<LesionMeasurement>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<MeetingAttendee> MeetingAttendees => Set<MeetingAttendee>();
    public DbSet<MeetingCase> MeetingCases => Set<MeetingCase>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<Trial> Trials => Set<Trial>();
    public DbSet<TrialTeamMember> TrialTeamMembers => Set<TrialTeamMember>();
    public DbSet<TrialCriterion> TrialCriteria => Set<TrialCriterion>();
    public DbSet<TrialReferral> TrialReferrals => Set<TrialReferral>();
    public DbSet<TrialReferralTransition> TrialReferralTransitions => Set<TrialReferralTransition>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<PatientAlertState> PatientAlertStates => Set<PatientAlertState>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Set only by the synthetic benchmark seeder, which bulk-loads thousands of rows and records the load as one summarising
    /// audit event instead of one event per row (see <see cref="Seeding.SyntheticCohortSeeder"/>). Internal: no feature
    /// service can switch the audit off.
    /// </summary>
    internal bool AuditedBySummary { get; set; }

    private bool IsPostgreSql => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MdtReviewDbContext).Assembly);

        foreach (var entity in builder.Model.GetEntityTypes().Where(t => typeof(IVersioned).IsAssignableFrom(t.ClrType)))
        {
            var version = builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version));
            if (IsPostgreSql)
            {
                // Npgsql maps a uint row version to the system column xmin, which PostgreSQL bumps on every update.
                version.IsRowVersion();
            }
            else
            {
                // SQLite has no row version: the token is application-managed (see SaveChanges).
                version.IsConcurrencyToken();
            }
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable text: the database is read by auditors and operators, not only by this app.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
        // Times are stored in UTC; SQLite returns DateTimeKind.Unspecified, so mark them UTC on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpApplicationVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpApplicationVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void BumpApplicationVersions()
    {
        if (IsPostgreSql)
        {
            return;
        }

        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

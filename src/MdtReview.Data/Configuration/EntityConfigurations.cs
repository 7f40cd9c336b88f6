using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MdtReview.Data.Configuration;

internal sealed class PatientConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> b)
    {
        b.Property(p => p.Mrn).HasMaxLength(20);
        b.Property(p => p.NhsNumber).HasMaxLength(10);
        b.Property(p => p.FamilyName).HasMaxLength(100);
        b.Property(p => p.GivenName).HasMaxLength(100);
        b.Property(p => p.Histology).HasMaxLength(200);
        b.Property(p => p.Stage).HasMaxLength(100);
        b.HasIndex(p => p.Mrn).IsUnique();
        b.HasIndex(p => p.NhsNumber).IsUnique();
        b.HasIndex(p => new { p.FamilyName, p.GivenName });
        b.HasIndex(p => p.TumourSite);
        b.HasMany(p => p.Biomarkers).WithOne().HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.EcogAssessments).WithOne().HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.TreatmentCourses).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.LabResults).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.AdverseEvents).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.Scans).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId);
        b.HasMany(p => p.Decisions).WithOne(x => x.Patient).HasForeignKey(x => x.PatientId);
    }
}

internal sealed class EcogConfiguration : IEntityTypeConfiguration<EcogAssessment>
{
    public void Configure(EntityTypeBuilder<EcogAssessment> b) =>
        b.HasIndex(e => new { e.PatientId, e.AssessedOn });
}

internal sealed class TreatmentCourseConfiguration : IEntityTypeConfiguration<TreatmentCourse>
{
    public void Configure(EntityTypeBuilder<TreatmentCourse> b)
    {
        b.Property(t => t.Regimen).HasMaxLength(200);
        b.Property(t => t.Drugs).HasMaxLength(200);
        // The patient list filters by treatment status.
        b.HasIndex(t => new { t.Status, t.PatientId });
        b.HasIndex(t => new { t.PatientId, t.StartDate });
        b.HasMany(t => t.Infusions).WithOne(i => i.TreatmentCourse).HasForeignKey(i => i.TreatmentCourseId);
    }
}

internal sealed class InfusionConfiguration : IEntityTypeConfiguration<Infusion>
{
    public void Configure(EntityTypeBuilder<Infusion> b) =>
        b.HasIndex(i => new { i.TreatmentCourseId, i.Date });
}

internal sealed class LabResultConfiguration : IEntityTypeConfiguration<LabResult>
{
    public void Configure(EntityTypeBuilder<LabResult> b)
    {
        b.Property(l => l.TestCode).HasMaxLength(20);
        b.Property(l => l.Loinc).HasMaxLength(20);
        b.Property(l => l.Unit).HasMaxLength(20);
        // The review page reads a patient's results by test over a date range.
        b.HasIndex(l => new { l.PatientId, l.TestCode, l.CollectedAt });
        b.HasIndex(l => new { l.PatientId, l.CollectedAt });
        b.HasOne<LabResult>().WithMany().HasForeignKey(l => l.SupersededById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AdverseEventConfiguration : IEntityTypeConfiguration<AdverseEvent>
{
    public void Configure(EntityTypeBuilder<AdverseEvent> b)
    {
        b.Property(a => a.CtcaeTerm).HasMaxLength(200);
        b.HasIndex(a => new { a.PatientId, a.ResolvedDate });
        b.HasIndex(a => new { a.ResolvedDate, a.CurrentGrade });
        b.HasMany(a => a.GradeHistory).WithOne().HasForeignKey(g => g.AdverseEventId);
    }
}

internal sealed class ScanConfiguration : IEntityTypeConfiguration<Scan>
{
    public void Configure(EntityTypeBuilder<Scan> b)
    {
        b.HasIndex(s => new { s.PatientId, s.ScanDate });
        b.HasMany(s => s.Lesions).WithOne().HasForeignKey(l => l.ScanId);
    }
}

internal sealed class LesionConfiguration : IEntityTypeConfiguration<LesionMeasurement>
{
    public void Configure(EntityTypeBuilder<LesionMeasurement> b)
    {
        b.Property(l => l.LesionKey).HasMaxLength(20);
        b.Property(l => l.Organ).HasMaxLength(60);
        b.HasIndex(l => new { l.ScanId, l.LesionKey }).IsUnique();
    }
}

internal sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.TumourGroup).HasMaxLength(60);
        b.HasIndex(m => m.StartsAt);
        b.HasMany(m => m.Attendees).WithOne().HasForeignKey(a => a.MeetingId);
        b.HasMany(m => m.Cases).WithOne(c => c.Meeting).HasForeignKey(c => c.MeetingId);
    }
}

internal sealed class MeetingCaseConfiguration : IEntityTypeConfiguration<MeetingCase>
{
    public void Configure(EntityTypeBuilder<MeetingCase> b)
    {
        b.HasIndex(c => new { c.MeetingId, c.Position });
        b.HasIndex(c => c.PatientId);
        b.HasOne(c => c.Patient).WithMany().HasForeignKey(c => c.PatientId);
        b.HasOne<MeetingCase>().WithMany().HasForeignKey(c => c.DeferredFromCaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.HasIndex(d => new { d.PatientId, d.CreatedAt });
        b.HasIndex(d => new { d.Status, d.FinalisedAt });
        // One amendment per superseded version: a second concurrent amendment of the same decision fails.
        b.HasIndex(d => d.SupersedesId).IsUnique();
        // One original decision per meeting case: two first drafts opened at the same instant cannot both be inserted.
        b.HasIndex(d => d.MeetingCaseId).IsUnique().HasFilter("\"SupersedesId\" IS NULL AND \"MeetingCaseId\" IS NOT NULL")
            .HasDatabaseName(UniqueIndex.OriginalDecision.Name);
        b.HasOne(d => d.MeetingCase).WithMany().HasForeignKey(d => d.MeetingCaseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Decision>().WithMany().HasForeignKey(d => d.SupersedesId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Trial>().WithMany().HasForeignKey(d => d.TrialId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TrialConfiguration : IEntityTypeConfiguration<Trial>
{
    public void Configure(EntityTypeBuilder<Trial> b)
    {
        b.Property(t => t.Title).HasMaxLength(300);
        b.Property(t => t.RegistryId).HasMaxLength(30);
        b.Property(t => t.Phase).HasMaxLength(20);
        b.HasIndex(t => t.RegistryId).IsUnique();
        b.HasMany(t => t.Team).WithOne().HasForeignKey(m => m.TrialId);
        b.HasMany(t => t.Criteria).WithOne().HasForeignKey(c => c.TrialId);
    }
}

internal sealed class TrialTeamMemberConfiguration : IEntityTypeConfiguration<TrialTeamMember>
{
    public void Configure(EntityTypeBuilder<TrialTeamMember> b)
    {
        b.HasIndex(m => new { m.TrialId, m.UserId }).IsUnique();
        // PI access checks start from the user.
        b.HasIndex(m => m.UserId);
    }
}

internal sealed class TrialReferralConfiguration : IEntityTypeConfiguration<TrialReferral>
{
    public void Configure(EntityTypeBuilder<TrialReferral> b)
    {
        b.HasIndex(r => new { r.TrialId, r.Status });
        // One open referral per patient and trial; a referral that ended (ineligible, declined, withdrawn) does not block a new one.
        b.HasIndex(r => new { r.PatientId, r.TrialId }).IsUnique()
            .HasFilter("\"Status\" NOT IN ('Ineligible', 'Declined', 'Withdrawn')")
            .HasDatabaseName(UniqueIndex.OpenReferral.Name);
        b.HasOne(r => r.Trial).WithMany().HasForeignKey(r => r.TrialId);
        b.HasOne(r => r.Patient).WithMany().HasForeignKey(r => r.PatientId);
        b.HasOne<Decision>().WithMany().HasForeignKey(r => r.DecisionId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(r => r.Transitions).WithOne().HasForeignKey(t => t.TrialReferralId);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.Property(a => a.EntityType).HasMaxLength(60);
        // Room for composite keys: a role assignment is "userId|roleId", a user token "userId|provider|name".
        b.Property(a => a.EntityId).HasMaxLength(300);
        b.Property(a => a.Hash).HasMaxLength(64);
        b.Property(a => a.PreviousHash).HasMaxLength(64);
        // A unique sequence makes two concurrent writers that read the same chain head collide instead of forking the chain.
        b.HasIndex(a => a.Sequence).IsUnique();
        b.HasIndex(a => new { a.PatientId, a.OccurredAt });
        b.HasIndex(a => new { a.UserId, a.OccurredAt });
        b.HasIndex(a => new { a.EntityType, a.EntityId });
    }
}

internal sealed class PatientAlertStateConfiguration : IEntityTypeConfiguration<PatientAlertState>
{
    public void Configure(EntityTypeBuilder<PatientAlertState> b)
    {
        b.HasKey(s => s.PatientId);
        b.Property(s => s.PatientId).ValueGeneratedNever();
        b.HasOne<Patient>().WithOne().HasForeignKey<PatientAlertState>(s => s.PatientId).OnDelete(DeleteBehavior.Cascade);
        // One index per alert filter and for the "next scan due" sort; each filter compares one column with today.
        b.HasIndex(s => s.MaxActiveIraeGrade);
        b.HasIndex(s => s.LatestGrade3LabDate);
        b.HasIndex(s => s.IupdSince);
        b.HasIndex(s => s.NextScanLatest);
        b.HasIndex(s => s.NextScanDue);
        b.HasIndex(s => s.BloodsWindowOpens);
    }
}

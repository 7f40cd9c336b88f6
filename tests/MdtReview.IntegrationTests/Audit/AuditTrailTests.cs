using System.Text.Json;
using MdtReview.Cli;
using MdtReview.Data;
using MdtReview.Data.Auditing;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Data.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.IntegrationTests.Audit;

/// <summary>
/// The audit trail on a real database of each provider: what every write records, that events live and die with their
/// write's transaction, that the chain verifies and names the first tampered event, and that concurrent writers keep one chain.
/// </summary>
public abstract class AuditTrailTests(DatabaseProvider provider) : IAsyncLifetime
{
    private AuditDatabase _database = default!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await AuditDatabase.CreateAsync(provider);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static Patient NewPatient(string mrn) => new()
    {
        Mrn = mrn,
        FamilyName = "Testperson",
        GivenName = "Alex",
        DateOfBirth = new DateOnly(1960, 5, 1),
        Histology = "Adenocarcinoma of lung (non-small-cell)",
        Stage = "IVA",
        DiagnosisDate = new DateOnly(2025, 1, 10),
        CreatedAt = new DateTime(2026, 1, 1, 9, 0, 0, DateTimeKind.Utc),
    };

    private static JsonElement Field(AuditEvent e, string field) => JsonDocument.Parse(e.ChangesJson!).RootElement.GetProperty(field);

    [Fact]
    public async Task An_insert_records_one_event_with_the_database_generated_id_and_every_value()
    {
        var patient = NewPatient("AUD0001");
        await using (var db = await _database.ContextAsync())
        {
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
        }

        var e = Assert.Single(await _database.EventsAsync());
        Assert.Equal((nameof(Patient), patient.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditAction.Insert, (int?)patient.Id),
            (e.EntityType, e.EntityId, e.Action, e.PatientId));
        Assert.Equal((AuditDatabase.Actor.UserId, AuditDatabase.Actor.UserName), (e.UserId, e.UserName));
        Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind);
        Assert.Equal("AUD0001", Field(e, "Mrn").GetProperty("after").GetString());
        Assert.Equal("IVA", Field(e, "Stage").GetProperty("after").GetString());
        Assert.False(Field(e, "Stage").TryGetProperty("before", out _));
        Assert.Equal(1, e.Sequence);
        Assert.Equal(AuditHasher.GenesisHash, e.PreviousHash);
    }

    [Fact]
    public async Task An_update_records_only_the_changed_fields_with_before_and_after()
    {
        var patient = NewPatient("AUD0002");
        await using (var db = await _database.ContextAsync())
        {
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await _database.ContextAsync())
        {
            var stored = await db.Patients.SingleAsync(p => p.Id == patient.Id, Ct);
            stored.Stage = "IVB (M1c)";
            await db.SaveChangesAsync(Ct);
        }

        var update = Assert.Single(await _database.EventsAsync(), e => e.Action == AuditAction.Update);
        using var changes = JsonDocument.Parse(update.ChangesJson!);
        Assert.Equal(["Stage"], changes.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("IVA", Field(update, "Stage").GetProperty("before").GetString());
        Assert.Equal("IVB (M1c)", Field(update, "Stage").GetProperty("after").GetString());
        Assert.Equal(patient.Id, update.PatientId);
    }

    [Fact]
    public async Task An_update_of_a_detached_entity_records_the_values_the_database_held_before()
    {
        var patient = NewPatient("AUD0003");
        await using (var db = await _database.ContextAsync())
        {
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await _database.ContextAsync())
        {
            var detached = await db.Patients.AsNoTracking().SingleAsync(p => p.Id == patient.Id, Ct);
            detached.Histology = "Squamous cell carcinoma of lung";
            db.Patients.Update(detached);
            await db.SaveChangesAsync(Ct);
        }

        var update = Assert.Single(await _database.EventsAsync(), e => e.Action == AuditAction.Update);
        using var changes = JsonDocument.Parse(update.ChangesJson!);
        Assert.Equal(["Histology"], changes.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Adenocarcinoma of lung (non-small-cell)", Field(update, "Histology").GetProperty("before").GetString());
    }

    [Fact]
    public async Task A_delete_records_the_deleted_values_and_the_patient_of_a_child_row()
    {
        var patient = NewPatient("AUD0004");
        var course = new TreatmentCourse { Regimen = "Pembrolizumab 200 mg q3w", Drugs = "pembrolizumab", IntervalDays = 21, StartDate = new DateOnly(2025, 2, 1) };
        patient.TreatmentCourses.Add(course);
        var infusion = new Infusion { CycleNumber = 1, Date = new DateOnly(2025, 2, 1), RecordedAt = DateTime.UtcNow };
        course.Infusions.Add(infusion);
        await using (var db = await _database.ContextAsync())
        {
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await _database.ContextAsync())
        {
            db.Infusions.Remove(await db.Infusions.SingleAsync(i => i.Id == infusion.Id, Ct));
            await db.SaveChangesAsync(Ct);
        }

        var events = await _database.EventsAsync();
        var inserted = Assert.Single(events, e => e.EntityType == nameof(Infusion) && e.Action == AuditAction.Insert);
        var deleted = Assert.Single(events, e => e.Action == AuditAction.Delete);
        Assert.Equal((nameof(Infusion), infusion.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (int?)patient.Id), (deleted.EntityType, deleted.EntityId, deleted.PatientId));
        Assert.Equal(patient.Id, inserted.PatientId);
        Assert.Equal(1, Field(deleted, "CycleNumber").GetProperty("before").GetInt32());
        Assert.False(Field(deleted, "CycleNumber").TryGetProperty("after", out _));
        Assert.Equal(4, events.Count); // patient, course, infusion inserted; infusion deleted
    }

    [Fact]
    public async Task A_failing_save_leaves_neither_the_write_nor_an_audit_event()
    {
        await using (var db = await _database.ContextAsync())
        {
            db.Patients.Add(NewPatient("AUD0005"));
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await _database.ContextAsync())
        {
            // The second row breaks the unique MRN index, so the whole save fails after the first row was sent.
            db.Patients.AddRange(NewPatient("AUD0006"), NewPatient("AUD0005"));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        await using var check = await _database.ContextAsync();
        Assert.False(await check.Patients.AnyAsync(p => p.Mrn == "AUD0006", Ct));
        Assert.Single(await _database.EventsAsync());
        Assert.True((await _database.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Events_of_a_rolled_back_caller_transaction_are_rolled_back_with_it()
    {
        await using (var db = await _database.ContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.Patients.Add(NewPatient("AUD0007"));
            await db.SaveChangesAsync(Ct);
            await transaction.RollbackAsync(Ct);
        }

        Assert.Empty(await _database.EventsAsync());
    }

    [Fact]
    public async Task Creating_a_user_and_assigning_a_role_are_audited_without_any_secret()
    {
        var (user, events) = await _database.WithScopeAsync(async sp =>
        {
            await DemoSeeder.EnsureRolesAsync(sp.GetRequiredService<RoleManager<IdentityRole>>());
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = "new.onc@trust.test", Email = "new.onc@trust.test", DisplayName = "Dr New" };
            Assert.True((await users.CreateAsync(user, "a long passphrase for the test")).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Oncologist)).Succeeded);
            Assert.True((await users.ChangePasswordAsync(user, "a long passphrase for the test", "another long passphrase here")).Succeeded);
            return (user, await _database.EventsAsync());
        });

        var created = Assert.Single(events, e => e.EntityType == nameof(ApplicationUser) && e.Action == AuditAction.Insert);
        Assert.Equal(user.Id, created.EntityId);
        Assert.Equal("new.onc@trust.test", Field(created, "Email").GetProperty("after").GetString());
        Assert.True(Field(created, "PasswordHash").GetProperty("redacted").GetBoolean());
        var assigned = Assert.Single(events, e => e.EntityType == "IdentityUserRole" && e.Action == AuditAction.Insert);
        Assert.StartsWith(user.Id + "|", assigned.EntityId, StringComparison.Ordinal);
        Assert.Equal(Roles.Oncologist, Field(assigned, "RoleName").GetProperty("after").GetString());
        var passwordChange = events.Last(e => e.EntityType == nameof(ApplicationUser) && e.Action == AuditAction.Update);
        Assert.True(Field(passwordChange, "PasswordHash").GetProperty("redacted").GetBoolean());

        foreach (var e in events)
        {
            Assert.DoesNotContain(user.PasswordHash!, e.ChangesJson ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(user.SecurityStamp!, e.ChangesJson ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain("ConcurrencyStamp", e.ChangesJson ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_demo_seed_is_audited_as_the_system_and_its_chain_verifies()
    {
        var seeded = await _database.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync(Ct));
        Assert.True(seeded.Seeded);

        var result = await _database.VerifyAsync();
        var events = await _database.EventsAsync();

        Assert.True(result.Intact, result.ToString());
        Assert.Equal(events.Count, result.EventsChecked);
        Assert.All(events, e => Assert.Equal(DemoSeeder.Actor.UserName, e.UserName));
        await using var db = await _database.ContextAsync();
        Assert.Equal(await db.LabResults.CountAsync(Ct), events.Count(e => e.EntityType == nameof(LabResult)));
        Assert.Equal(await db.Decisions.CountAsync(Ct), events.Count(e => e.EntityType == nameof(Decision)));
        Assert.DoesNotContain(events, e => e.EntityType == nameof(LabResult) && e.PatientId is null);
    }

    [Fact]
    public async Task The_synthetic_bulk_load_is_one_summarising_event_in_the_chain()
    {
        var result = await _database.WithScopeAsync(sp => sp.GetRequiredService<SyntheticCohortSeeder>().SeedAsync(3, 7, Ct));

        var e = Assert.Single(await _database.EventsAsync());
        Assert.Equal((SyntheticCohortSeeder.AuditEntityType, "SYN0000001..SYN0000003", AuditAction.Insert), (e.EntityType, e.EntityId, e.Action));
        Assert.Equal(3, Field(e, "Patients").GetProperty("after").GetInt32());
        Assert.Equal(result.Rows, Field(e, "Rows").GetProperty("after").GetInt64());
        Assert.True((await _database.VerifyAsync()).Intact);
    }

    private async Task<List<AuditEvent>> TenEventsAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            await using var db = await _database.ContextAsync();
            db.Patients.Add(NewPatient($"CHAIN{i:D3}"));
            await db.SaveChangesAsync(Ct);
        }

        var events = await _database.EventsAsync();
        Assert.Equal(10, events.Count);
        Assert.True((await _database.VerifyAsync()).Intact);
        return events;
    }

    [Fact]
    public async Task An_edited_event_is_reported_as_the_first_break()
    {
        await TenEventsAsync();

        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"UserName\" = 'someone.else@trust.test' WHERE \"Sequence\" = 6");

        var result = await _database.VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(6, result.FirstBreak!.Sequence);
        Assert.Contains("altered", result.FirstBreak.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_event_is_reported_at_its_sequence()
    {
        await TenEventsAsync();

        await _database.ExecuteSqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Sequence\" = 4");

        var result = await _database.VerifyAsync();
        Assert.Equal(4, result.FirstBreak!.Sequence);
        Assert.Contains("missing", result.FirstBreak.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_inserted_event_is_reported_even_when_the_sequence_is_renumbered_around_it()
    {
        var events = await TenEventsAsync();

        // Make room at 5 (in two steps: the sequence is unique), then insert a forged event that links to event 4.
        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = \"Sequence\" + 1000 WHERE \"Sequence\" >= 5");
        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = \"Sequence\" - 999 WHERE \"Sequence\" >= 1000");
        await using (var db = await _database.ContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AuditEvents\" (\"Sequence\", \"OccurredAt\", \"UserName\", \"EntityType\", \"EntityId\", \"Action\", \"PreviousHash\", \"Hash\") "
                + "VALUES (5, {0}, 'intruder', 'Decision', '1', 'Delete', {1}, {2})",
                [events[4].OccurredAt, events[3].Hash, new string('a', 64)], Ct);
        }

        var result = await _database.VerifyAsync();
        Assert.Equal(5, result.FirstBreak!.Sequence);
    }

    [Fact]
    public async Task Appending_a_forged_event_at_the_end_is_detected()
    {
        var events = await TenEventsAsync();

        await using (var db = await _database.ContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AuditEvents\" (\"Sequence\", \"OccurredAt\", \"UserName\", \"EntityType\", \"EntityId\", \"Action\", \"PreviousHash\", \"Hash\") "
                + "VALUES (11, {0}, 'intruder', 'Decision', '1', 'Delete', {1}, {2})",
                [events[9].OccurredAt, events[9].Hash, events[9].Hash], Ct);
        }

        Assert.Equal(11, (await _database.VerifyAsync()).FirstBreak!.Sequence);
    }

    [Fact]
    public async Task Two_events_swapped_in_order_are_reported_at_the_first_of_them()
    {
        await TenEventsAsync();

        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = 1000 WHERE \"Sequence\" = 7");
        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = 7 WHERE \"Sequence\" = 8");
        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"Sequence\" = 8 WHERE \"Sequence\" = 1000");

        Assert.Equal(7, (await _database.VerifyAsync()).FirstBreak!.Sequence);
    }

    [Fact]
    public async Task A_removed_tail_is_detected_against_an_anchor_kept_outside_the_database()
    {
        var events = await TenEventsAsync();
        var anchor = (events[9].Sequence, events[9].Hash);
        Assert.True((await _database.VerifyAsync(anchor)).Intact);

        await _database.ExecuteSqlAsync("DELETE FROM \"AuditEvents\" WHERE \"Sequence\" >= 9");

        Assert.True((await _database.VerifyAsync()).Intact); // a shorter chain is internally consistent…
        var anchored = await _database.VerifyAsync(anchor);
        Assert.Equal(10, anchored.FirstBreak!.Sequence); // …but the anchored event is gone
    }

    [Fact]
    public async Task Concurrent_writers_leave_one_unbroken_chain()
    {
        const int writers = 6;
        const int savesEach = 5;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < savesEach; i++)
            {
                await using var db = await _database.ContextAsync();
                db.Patients.Add(NewPatient($"W{w}S{i}"));
                await db.SaveChangesAsync(Ct);
            }
        }, Ct)));

        var events = await _database.EventsAsync();
        var result = await _database.VerifyAsync();
        Assert.True(result.Intact, result.ToString());
        Assert.Equal(Enumerable.Range(1, writers * savesEach).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(writers * savesEach, events.Select(e => e.PreviousHash).Distinct().Count());
    }

    [Fact]
    public async Task Audit_verify_exits_0_when_intact_1_with_the_first_broken_event_and_2_on_bad_usage()
    {
        await TenEventsAsync();

        var intact = await RunCliAsync("audit", "verify");
        Assert.Equal(0, intact.Exit);
        Assert.Contains("intact", intact.Out, StringComparison.Ordinal);
        var anchorLine = Assert.Single(intact.Out.Split('\n'), l => l.StartsWith("Anchor: ", StringComparison.Ordinal)).Trim();
        var anchored = await RunCliAsync("audit", "verify", "--anchor", anchorLine["Anchor: ".Length..]);
        Assert.Equal(0, anchored.Exit);

        await _database.ExecuteSqlAsync("UPDATE \"AuditEvents\" SET \"ChangesJson\" = '[]' WHERE \"Sequence\" = 3");
        var broken = await RunCliAsync("audit", "verify");
        Assert.Equal(1, broken.Exit);
        Assert.Contains("sequence 3", broken.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Err, StringComparison.Ordinal);

        Assert.Equal(2, (await RunCliAsync("audit", "verify", "--anchor", "not-an-anchor")).Exit);
        Assert.Equal(2, (await RunCliAsync("audit", "verify", "--everything", "yes")).Exit);
    }

    [Fact]
    public async Task Audit_verify_without_a_key_outside_development_is_a_usage_error_naming_the_setting()
    {
        var settings = _database.CliSettings;
        settings["Audit:HmacKey"] = "";
        var stderr = new StringWriter();

        var exit = await CliApp.RunAsync(["audit", "verify"], new StringReader(""), new StringWriter(), stderr, settings);

        Assert.Equal(2, exit);
        Assert.Contains("Audit:HmacKey is not set", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sensitive_data_logging_is_off_so_patient_values_never_reach_the_logs()
    {
        await using var db = await _database.ContextAsync();

        var options = ((Microsoft.EntityFrameworkCore.Infrastructure.IInfrastructure<IServiceProvider>)db).Instance
            .GetRequiredService<Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptions>();
        Assert.False(options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()!.IsSensitiveDataLoggingEnabled);
    }

    private async Task<(int Exit, string Out, string Err)> RunCliAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, new StringReader(""), stdout, stderr, _database.CliSettings);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}

public sealed class SqliteAuditTrailTests() : AuditTrailTests(DatabaseProvider.Sqlite);

public sealed class PostgreSqlAuditTrailTests() : AuditTrailTests(DatabaseProvider.PostgreSql);

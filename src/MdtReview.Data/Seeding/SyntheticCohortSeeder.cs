using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MdtReview.Data.Evidence;
using MdtReview.Data.Auditing;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace MdtReview.Data.Seeding;

public sealed record SyntheticSeedResult(int Patients, long Rows, TimeSpan Elapsed)
{
    /// <summary>Lab results among <see cref="Rows"/>.</summary>
    public long LabResults { get; init; }

    /// <summary>Part of <see cref="Elapsed"/> spent computing and writing the patients' alert state.</summary>
    public TimeSpan AlertStateElapsed { get; init; }

    public override string ToString() =>
        $"Wrote {Patients:N0} patients and {Rows:N0} rows ({LabResults:N0} lab results) in {Elapsed.TotalSeconds:N1} s "
        + $"(alert state {AlertStateElapsed.TotalSeconds:N1} s).";
}

/// <summary>
/// Builds a large deterministic synthetic cohort for benchmarks with the demo cohort's generator. Patients get MRNs
/// SYN0000001, SYN0000002… continuing after any synthetic patients already present, and NHS numbers from the test range
/// above the demo cohort's, so repeated runs add patients without colliding. Everything is written in one transaction:
/// the patient graphs through EF Core in batches with change detection off, the lab results (most of the rows) through a
/// prepared multi-row INSERT on the context's own connection, which works unchanged on SQLite and PostgreSQL.
/// <para>
/// Audit: the load is recorded as ONE summarising audit event (entity type <see cref="AuditEntityType"/>, the MRN range as its
/// id, counts, seed and actor in its changes), appended to the hash chain in the same transaction as the rows. One event per
/// row would add hundreds of thousands of events about fictitious patients that no governance question needs, and would
/// dominate the load's time; the lab results bypass EF Core anyway. The context is flagged so the interceptor stands aside.
/// </para>
/// </summary>
public sealed class SyntheticCohortSeeder(IDbContextFactory<MdtReviewDbContext> contextFactory, TimeProvider timeProvider, AuditChain auditChain, IAuditActorAccessor actors)
{
    public const string AuditEntityType = "SyntheticCohortLoad";

    public const string MrnPrefix = "SYN";

    /// <summary>Synthetic NHS numbers use test-range serials from here up; the demo cohort stays below.</summary>
    public const int FirstNhsSerial = 100_000;

    private const int PatientsPerBatch = 500;

    // Measured on SQLite with 1,000 patients: batches of 20 statements beat both 5 and EF Core's default.
    private const int BulkBatchSize = 20;

    public async Task<SyntheticSeedResult> SeedAsync(int patients, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patients, 1);
        var stopwatch = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime);

        await using var db = await CreateBulkContextAsync(cancellationToken);
        db.AuditedBySummary = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            // A large page cache for this connection only: the lab-result indexes are updated all through the one big
            // transaction, and with the default 2 MB cache SQLite spills pages to the WAL and spends its time in I/O.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144;", cancellationToken);
        }

        var (firstIndex, nhsSerial) = await NextFreeAsync(db, cancellationToken);
        // Roughly 1 in 11 serials has no valid check digit; stop early rather than run off the end of the test range.
        if ((999_999 - nhsSerial) * 10L / 11 < patients)
        {
            throw new InvalidOperationException($"The NHS test range has room for about {(999_999 - nhsSerial) * 10L / 11:N0} more synthetic patients; {patients:N0} were asked for.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await using var labs = new LabResultInserter(db.Database.GetDbConnection(), transaction.GetDbTransaction(), db.Database.IsSqlite() ? 10 : 200);
        long rows = 0;
        var alertStopwatch = new Stopwatch();

        for (var batchStart = 0; batchStart < patients; batchStart += PatientsPerBatch)
        {
            var batch = new List<(Patient Patient, List<LabResult> Labs)>(PatientsPerBatch);
            for (var i = batchStart; i < Math.Min(patients, batchStart + PatientsPerBatch); i++)
            {
                var index = firstIndex + i;
                // One generator per patient, seeded from the run's seed and the patient number: patient SYN0000042 of seed S is
                // the same whatever the batch size or how many patients the run asked for.
                var rng = new Random(unchecked((seed * 1_000_003) + index));
                var mrn = MrnPrefix + index.ToString("D7", CultureInfo.InvariantCulture);
                var plan = SyntheticPlans.Next(rng, today);
                var who = CohortGenerator.Identity(rng, mrn, NhsNumber.NextTestRangeNumber(ref nhsSerial), today, plan.Diagnosis.Site);
                var patient = CohortGenerator.Generate(rng, plan, who, today, clinicianId: null);
                var patientLabs = patient.LabResults;
                patient.LabResults = [];
                batch.Add((patient, patientLabs));
                rows += CountRows(patient);
            }

            db.Patients.AddRange(batch.Select(b => b.Patient));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();

            // The alert state from the graphs still in memory: the same calculator as PatientAlerts.RefreshAsync, without
            // reading back what was just written.
            alertStopwatch.Start();
            var refreshedAt = timeProvider.GetUtcNow().UtcDateTime;
            db.PatientAlertStates.AddRange(batch.Select(b => PatientAlertCalculator.Calculate(
                b.Patient.Id, new PatientAlertInput(b.Patient.TreatmentCourses, b.Patient.AdverseEvents, b.Patient.Scans, b.Labs), today, refreshedAt)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            alertStopwatch.Stop();
            rows += batch.Count;

            foreach (var (patient, patientLabs) in batch)
            {
                foreach (var lab in patientLabs)
                {
                    lab.PatientId = patient.Id;
                    await labs.AddAsync(lab, cancellationToken);
                }
            }
        }

        await labs.FlushAsync(cancellationToken);
        await AppendSummaryAsync(db, firstIndex, patients, seed, rows + labs.Written, labs.Written, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        stopwatch.Stop();
        return new SyntheticSeedResult(patients, rows + labs.Written, stopwatch.Elapsed) { LabResults = labs.Written, AlertStateElapsed = alertStopwatch.Elapsed };
    }

    private async Task AppendSummaryAsync(MdtReviewDbContext db, int firstIndex, int patients, int seed, long rows, long labResults, CancellationToken cancellationToken)
    {
        var actor = AuditActorScope.Current ?? await actors.GetCurrentAsync(cancellationToken);
        string Mrn(int index) => MrnPrefix + index.ToString("D7", CultureInfo.InvariantCulture);
        var summary = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Patients"] = new { after = patients },
            ["Rows"] = new { after = rows },
            ["LabResults"] = new { after = labResults },
            ["Seed"] = new { after = seed },
            ["FirstMrn"] = new { after = Mrn(firstIndex) },
            ["LastMrn"] = new { after = Mrn(firstIndex + patients - 1) },
        });
        await auditChain.AppendAsync(db, [new AuditRecord(actor, AuditEntityType, $"{Mrn(firstIndex)}..{Mrn(firstIndex + patients - 1)}", AuditAction.Insert, null, summary)], cancellationToken);
    }

    /// <summary>
    /// A context like the app's, but on SQLite with small insert batches: Microsoft.Data.Sqlite binds every parameter of a
    /// batched command to every statement in it by name, so EF Core's default large batches cost time quadratic in their size.
    /// </summary>
    private async Task<MdtReviewDbContext> CreateBulkContextAsync(CancellationToken cancellationToken)
    {
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            return db;
        }

        var connectionString = db.Database.GetConnectionString();
        await db.DisposeAsync();
        var options = new DbContextOptionsBuilder<MdtReviewDbContext>();
        DataServiceCollectionExtensions.ConfigureProvider(options, DatabaseProvider.Sqlite, connectionString);
        options.UseSqlite(o => o.MaxBatchSize(BulkBatchSize));
        return new MdtReviewDbContext(options.Options);
    }

    /// <summary>The next synthetic patient number and NHS serial after the synthetic patients already stored.</summary>
    private static async Task<(int Index, int NhsSerial)> NextFreeAsync(MdtReviewDbContext db, CancellationToken cancellationToken)
    {
        // MRNs are fixed-width, so the greatest in text order is the greatest number.
        var last = await db.Patients.AsNoTracking()
            .Where(p => p.Mrn.StartsWith(MrnPrefix))
            .OrderByDescending(p => p.Mrn)
            .Select(p => new { p.Mrn, p.NhsNumber })
            .FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return (1, FirstNhsSerial);
        }

        var index = int.Parse(last.Mrn.AsSpan(MrnPrefix.Length), CultureInfo.InvariantCulture) + 1;
        var serial = last.NhsNumber is { Length: 10 } nhs ? int.Parse(nhs.AsSpan(3, 6), CultureInfo.InvariantCulture) + 1 : FirstNhsSerial;
        return (index, Math.Max(serial, FirstNhsSerial));
    }

    private static long CountRows(Patient p) =>
        1 + p.Biomarkers.Count + p.EcogAssessments.Count
        + p.TreatmentCourses.Count + p.TreatmentCourses.Sum(c => c.Infusions.Count)
        + p.AdverseEvents.Count + p.AdverseEvents.Sum(a => a.GradeHistory.Count)
        + p.Scans.Count + p.Scans.Sum(s => s.Lesions.Count);

    /// <summary>
    /// Inserts lab results several rows per statement with a prepared, parameterised command: 200 on PostgreSQL (fewer round
    /// trips), 10 on SQLite, where binding looks parameter names up one by one and a long list makes every execution slow. Column names are those of the
    /// LabResults table in both providers' migrations; enum and time values are written the way EF Core writes them
    /// (enum as its name, UTC DateTime, decimal bound by the ADO.NET provider).
    /// </summary>
    private sealed class LabResultInserter(DbConnection connection, DbTransaction transaction, int rowsPerStatement) : IAsyncDisposable
    {
        private static readonly string[] _columns = ["PatientId", "TestCode", "Loinc", "Value", "Unit", "Lln", "Uln", "CollectedAt", "Source", "RecordedAt"];
        private readonly List<LabResult> _pending = new(rowsPerStatement);
        private DbCommand? _full;

        public long Written { get; private set; }

        public async Task AddAsync(LabResult lab, CancellationToken cancellationToken)
        {
            _pending.Add(lab);
            if (_pending.Count == rowsPerStatement)
            {
                _full ??= await CreateAsync(rowsPerStatement, cancellationToken);
                await ExecuteAsync(_full, cancellationToken);
            }
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count > 0)
            {
                await using var rest = await CreateAsync(_pending.Count, cancellationToken);
                await ExecuteAsync(rest, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_full is not null)
            {
                await _full.DisposeAsync();
            }
        }

        private async Task ExecuteAsync(DbCommand command, CancellationToken cancellationToken)
        {
            var p = 0;
            foreach (var lab in _pending)
            {
                command.Parameters[p++].Value = lab.PatientId;
                command.Parameters[p++].Value = lab.TestCode;
                command.Parameters[p++].Value = (object?)lab.Loinc ?? DBNull.Value;
                command.Parameters[p++].Value = lab.Value;
                command.Parameters[p++].Value = lab.Unit;
                command.Parameters[p++].Value = (object?)lab.Lln ?? DBNull.Value;
                command.Parameters[p++].Value = (object?)lab.Uln ?? DBNull.Value;
                command.Parameters[p++].Value = lab.CollectedAt;
                command.Parameters[p++].Value = lab.Source.ToString();
                command.Parameters[p++].Value = lab.RecordedAt;
            }

            Written += await command.ExecuteNonQueryAsync(cancellationToken);
            _pending.Clear();
        }

        private async Task<DbCommand> CreateAsync(int rows, CancellationToken cancellationToken)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder("INSERT INTO \"LabResults\" (")
                .AppendJoin(", ", _columns.Select(c => $"\"{c}\""))
                .Append(") VALUES ");
            for (var r = 0; r < rows; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    var name = $"@p{(r * _columns.Length) + c}";
                    sql.Append(c == 0 ? name : ", " + name);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    command.Parameters.Add(parameter);
                }

                sql.Append(')');
            }

#pragma warning disable CA2100 // The text is built only from the fixed column list and parameter names; every value is a parameter.
            command.CommandText = sql.ToString();
#pragma warning restore CA2100
            // Npgsql needs every parameter's type before preparing; set it from a typical row so the plan is reused.
            SetParameterTypes(command);
            await command.PrepareAsync(cancellationToken);
            return command;
        }

        private static void SetParameterTypes(DbCommand command)
        {
            System.Data.DbType[] types =
            [
                System.Data.DbType.Int32, System.Data.DbType.String, System.Data.DbType.String, System.Data.DbType.Decimal, System.Data.DbType.String,
                System.Data.DbType.Decimal, System.Data.DbType.Decimal, System.Data.DbType.DateTime, System.Data.DbType.String, System.Data.DbType.DateTime,
            ];
            for (var i = 0; i < command.Parameters.Count; i++)
            {
                command.Parameters[i].DbType = types[i % types.Length];
            }
        }
    }
}

/// <summary>Random but clinically coherent plans for synthetic patients: a site, a matching regimen, a response and irAEs.</summary>
internal static class SyntheticPlans
{
    private static readonly (TumourSite Site, double Weight)[] _sites =
        [(TumourSite.Lung, 0.40), (TumourSite.Melanoma, 0.25), (TumourSite.Renal, 0.15), (TumourSite.Bladder, 0.20)];

    private static readonly Dictionary<TumourSite, (Diagnosis Dx, Regimen Regimen, int Line)[]> _options = new()
    {
        [TumourSite.Lung] =
        [
            (new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVA (T2b N2 M1a)", TreatmentIntent.Palliative, 24), Regimen.Pembrolizumab200Q3W, 1),
            (new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVB (T3 N2 M1c)", TreatmentIntent.Palliative, 24), Regimen.Pembrolizumab400Q6W, 1),
            (new(TumourSite.Lung, "Squamous cell carcinoma of lung (non-small-cell)", "IVA (T3 N2 M1b)", TreatmentIntent.Palliative, 24), Regimen.Pembrolizumab200Q3W, 1),
            (new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IVB (T2a N3 M1c)", TreatmentIntent.Palliative, null), Regimen.Atezolizumab1200Q3W, 2),
            (new(TumourSite.Lung, "Squamous cell carcinoma of lung (non-small-cell)", "IVA (T4 N1 M1a)", TreatmentIntent.Palliative, null), Regimen.Nivolumab240Q2W, 2),
            (new(TumourSite.Lung, "Adenocarcinoma of lung (non-small-cell)", "IIIA (T2a N2 M0), after concurrent chemoradiotherapy", TreatmentIntent.Curative, 12), Regimen.Durvalumab1500Q4W, 1),
        ],
        [TumourSite.Melanoma] =
        [
            (new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading)", "IV (M1c)", TreatmentIntent.Palliative, null), Regimen.IpiNivoMelanoma, 1),
            (new(TumourSite.Melanoma, "Cutaneous melanoma (nodular)", "IV (M1b)", TreatmentIntent.Palliative, null), Regimen.Nivolumab480Q4W, 1),
            (new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading)", "IV (M1a)", TreatmentIntent.Palliative, 24), Regimen.Pembrolizumab200Q3W, 1),
            (new(TumourSite.Melanoma, "Cutaneous melanoma (nodular), completely resected", "IIIB (T2b N1a M0)", TreatmentIntent.Adjuvant, 12), Regimen.Pembrolizumab200Q3W, 1),
            (new(TumourSite.Melanoma, "Cutaneous melanoma (superficial spreading), completely resected", "IIIC (T3b N2a M0)", TreatmentIntent.Adjuvant, 12), Regimen.Nivolumab480Q4W, 1),
        ],
        [TumourSite.Renal] =
        [
            (new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 3)", "IV (T3a N1 M1)", TreatmentIntent.Palliative, null), Regimen.NivoIpiRenal, 1),
            (new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 4), post-nephrectomy", "IV (pT3a N0 M1)", TreatmentIntent.Palliative, null), Regimen.Nivolumab480Q4W, 2),
            (new(TumourSite.Renal, "Clear cell renal cell carcinoma (ISUP grade 4), post-nephrectomy", "III (pT3a N0 M0)", TreatmentIntent.Adjuvant, 12), Regimen.Pembrolizumab200Q3W, 1),
        ],
        [TumourSite.Bladder] =
        [
            (new(TumourSite.Bladder, "Urothelial carcinoma of the bladder", "IV (T3b N2 M1b)", TreatmentIntent.Palliative, 24), Regimen.Pembrolizumab200Q3W, 2),
            (new(TumourSite.Bladder, "Urothelial carcinoma of the bladder", "IVA (T4a N2 M1a)", TreatmentIntent.Palliative, null), Regimen.Atezolizumab1200Q3W, 2),
            (new(TumourSite.Bladder, "Urothelial carcinoma of the bladder, after radical cystectomy", "III (ypT3b ypN1 M0)", TreatmentIntent.Adjuvant, 12), Regimen.Nivolumab480Q4W, 1),
        ],
    };

    private static readonly (ResponsePattern Pattern, double Weight)[] _responses =
    [
        (ResponsePattern.PartialResponse, 0.30), (ResponsePattern.StableDisease, 0.25), (ResponsePattern.CompleteResponse, 0.08),
        (ResponsePattern.PrimaryProgression, 0.12), (ResponsePattern.PseudoProgression, 0.05), (ResponsePattern.AcquiredResistance, 0.12),
        (ResponsePattern.AwaitingConfirmation, 0.08),
    ];

    private static readonly (IraeKind Kind, double Weight)[] _iraes =
    [
        (IraeKind.Hypothyroidism, 0.18), (IraeKind.Rash, 0.18), (IraeKind.Colitis, 0.14), (IraeKind.Hepatitis, 0.14), (IraeKind.Arthritis, 0.08),
        (IraeKind.Pneumonitis, 0.08), (IraeKind.Hyperthyroidism, 0.07), (IraeKind.Nephritis, 0.05), (IraeKind.Hypophysitis, 0.04),
        (IraeKind.Diabetes, 0.02), (IraeKind.Myocarditis, 0.02),
    ];

    public static PatientPlan Next(Random rng, DateOnly today)
    {
        var site = Weighted(rng, _sites);
        var (dx, regimen, line) = CohortGenerator.Pick(rng, _options[site]);
        var response = Weighted(rng, _responses);
        var iraes = new List<IraePlan>();
        if (rng.NextDouble() < 0.35)
        {
            var kind = Weighted(rng, _iraes);
            var peak = kind is IraeKind.Hypothyroidism or IraeKind.Hyperthyroidism ? rng.Next(1, 3)
                : rng.NextDouble() switch { < 0.45 => 1, < 0.80 => 2, < 0.95 => 3, _ => 4 };
            iraes.Add(IraeCatalogue.Random(rng, kind, rng.Next(20, 200), peak));
        }

        return new PatientPlan
        {
            Diagnosis = dx,
            Regimen = regimen,
            Response = response,
            // 0–4 extra scans: treatment from about six months to a year and a half (about 200 lab results a patient).
            ExtraScans = rng.Next(0, 5),
            AnchorScanDate = today.AddDays(-rng.Next(5, 70)),
            LineOfTherapy = line,
            EcogAtBaseline = rng.NextDouble() < 0.55 ? 0 : 1,
            Iraes = iraes,
        };
    }

    private static T Weighted<T>(Random rng, (T Item, double Weight)[] items)
    {
        var x = rng.NextDouble() * items.Sum(i => i.Weight);
        foreach (var (item, weight) in items)
        {
            x -= weight;
            if (x <= 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }
}

using MdtReview.Clinical.Ctcae;
using MdtReview.Data;
using MdtReview.Data.Model;
using Microsoft.EntityFrameworkCore;

namespace MdtReview.Web.Features.Patients.Import.Services;

/// <summary>
/// The checks a file passes before anything is written (format: docs/lab-import.md), shared by the preview and the import,
/// which re-runs them because the data may have changed since the preview. Tests and units are matched against the clinical
/// library's catalogue and never guessed or converted; the value must be possible for the test in that unit.
/// </summary>
internal static class LabImportCheck
{
    /// <summary>
    /// Reads and checks the file against the database: patients, tests, units, duplicates within the file and results
    /// already stored. The results are built only when every row is valid.
    /// </summary>
    internal static async Task<(LabImportPreview Preview, List<LabResult> Results)> CheckAsync(
        MdtReviewDbContext db, string content, int? patientId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var parsed = LabCsvReader.Parse(content);
        if (parsed.FileErrors.Count > 0)
        {
            return (new LabImportPreview([], parsed.FileErrors), []);
        }

        var rows = parsed.Rows;
        var mrns = rows.Select(r => r.Mrn).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var nhsNumbers = rows.Select(r => r.NhsNumber).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var patients = await db.Patients.AsNoTracking()
            .Where(p => mrns.Contains(p.Mrn) || (p.NhsNumber != null && nhsNumbers.Contains(p.NhsNumber)))
            .Select(p => new { p.Id, p.Mrn, p.NhsNumber })
            .ToListAsync(cancellationToken);
        var byMrn = patients.ToDictionary(p => p.Mrn, p => p.Id, StringComparer.Ordinal);
        var byNhs = patients.Where(p => p.NhsNumber is not null).ToDictionary(p => p.NhsNumber!, p => p.Id, StringComparer.Ordinal);

        string? scopedMrn = null;
        if (patientId is { } scoped)
        {
            scopedMrn = await db.Patients.AsNoTracking().Where(p => p.Id == scoped).Select(p => p.Mrn).SingleOrDefaultAsync(cancellationToken);
            if (scopedMrn is null)
            {
                return (new LabImportPreview([], ["This patient no longer exists."]), []);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var seen = new Dictionary<(int, string, DateTime), int>();
        var checkedRows = new List<(LabCsvRow Row, List<string> Errors, int? PatientId, LabTestInfo? Test)>();
        foreach (var row in rows)
        {
            var errors = new List<string>(row.Errors);
            var pid = ResolvePatient(row, byMrn, byNhs, errors);
            if (pid is not null && patientId is not null && pid != patientId)
            {
                errors.Add($"This row is for another patient; this import is restricted to {scopedMrn}.");
            }

            var test = ResolveTest(row, errors);
            if (test is not null && row.Value is { } value)
            {
                // Unit and value both checked by the library: an unknown unit is reported, never converted or guessed.
                if (LabTestCatalogue.Validate(test.Test, value, row.Unit) is { } problem)
                {
                    errors.Add(problem);
                }
            }

            if (row.CollectedAt is { } collected && collected > now)
            {
                errors.Add("The collection time is in the future.");
            }

            if (pid is { } p && test is not null && row.CollectedAt is { } at)
            {
                if (seen.TryGetValue((p, test.Code, at), out var firstLine))
                {
                    errors.Add($"Duplicate of line {firstLine}: the same patient, test and collection time.");
                }
                else
                {
                    seen[(p, test.Code, at)] = row.Line;
                }
            }

            checkedRows.Add((row, errors, pid, test));
        }

        await FlagAlreadyRecordedAsync(db, checkedRows, cancellationToken);

        var previewRows = checkedRows.Select(c => new LabImportRow(
            c.Row.Line, c.Row.PatientText, c.Row.TestText, c.Row.ValueText, c.Row.UnitText, c.Row.LlnText, c.Row.UlnText, c.Row.CollectedText, c.Errors)).ToList();
        var preview = new LabImportPreview(previewRows, []) { PatientCount = checkedRows.Select(c => c.PatientId).OfType<int>().Distinct().Count() };
        if (!preview.CanImport)
        {
            return (preview, []);
        }

        var results = checkedRows.Select(c =>
        {
            var unit = c.Test!.FindUnit(c.Row.Unit)!;
            return new LabResult
            {
                PatientId = c.PatientId!.Value,
                TestCode = c.Test.Code,
                Loinc = c.Row.Loinc ?? c.Test.Loinc,
                Value = c.Row.Value!.Value,
                // The catalogue's spelling of the same unit (e.g. "mmol/l" → "mmol/L"): a spelling, not a conversion, so that
                // results of one test compare with each other and with the baseline.
                Unit = unit.Symbol,
                Lln = c.Row.Lln,
                Uln = c.Row.Uln,
                CollectedAt = c.Row.CollectedAt!.Value,
                Source = LabSource.CsvImport,
            };
        }).ToList();
        return (preview, results);
    }

    private static async Task FlagAlreadyRecordedAsync(
        MdtReviewDbContext db, List<(LabCsvRow Row, List<string> Errors, int? PatientId, LabTestInfo? Test)> rows, CancellationToken cancellationToken)
    {
        var candidates = rows.Where(r => r.PatientId is not null && r.Test is not null && r.Row.CollectedAt is not null).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var patientIds = candidates.Select(c => c.PatientId!.Value).Distinct().ToList();
        var from = candidates.Min(c => c.Row.CollectedAt!.Value);
        var to = candidates.Max(c => c.Row.CollectedAt!.Value);
        var existing = await db.LabResults.AsNoTracking()
            .Where(l => patientIds.Contains(l.PatientId) && l.SupersededById == null && l.CollectedAt >= from && l.CollectedAt <= to)
            .Select(l => new { l.PatientId, l.TestCode, l.CollectedAt })
            .ToListAsync(cancellationToken);
        var stored = existing.Select(e => (e.PatientId, e.TestCode.ToUpperInvariant(), e.CollectedAt)).ToHashSet();
        foreach (var c in candidates.Where(c => stored.Contains((c.PatientId!.Value, c.Test!.Code.ToUpperInvariant(), c.Row.CollectedAt!.Value))))
        {
            c.Errors.Add("A result of this test collected at this time is already recorded; correct it on the patient's page instead of importing it again.");
        }
    }

    private static int? ResolvePatient(LabCsvRow row, Dictionary<string, int> byMrn, Dictionary<string, int> byNhs, List<string> errors)
    {
        int? fromMrn = null, fromNhs = null;
        if (row.Mrn is { } mrn && !byMrn.TryGetValue(mrn, out var m))
        {
            errors.Add($"No patient has MRN {mrn}.");
            return null;
        }
        else if (row.Mrn is not null)
        {
            fromMrn = byMrn[row.Mrn];
        }

        if (row.NhsNumber is { } nhs && !byNhs.TryGetValue(nhs, out _))
        {
            errors.Add($"No patient has NHS number {nhs}.");
            return null;
        }
        else if (row.NhsNumber is not null)
        {
            fromNhs = byNhs[row.NhsNumber];
        }

        if (fromMrn is not null && fromNhs is not null && fromMrn != fromNhs)
        {
            errors.Add("The MRN and the NHS number belong to different patients.");
            return null;
        }

        return fromMrn ?? fromNhs;
    }

    private static LabTestInfo? ResolveTest(LabCsvRow row, List<string> errors)
    {
        var byCode = row.TestCode is null ? null : LabTestCatalogue.FindByCode(row.TestCode);
        var byLoinc = row.Loinc is null ? null : LabTestCatalogue.FindByLoinc(row.Loinc);
        if (row.TestCode is not null && byCode is null)
        {
            errors.Add($"Unknown test code '{row.TestCode}' (known: {string.Join(", ", LabTestCatalogue.All.Select(t => t.Code))}).");
            return null;
        }

        if (row.Loinc is not null && byLoinc is null)
        {
            errors.Add($"LOINC {row.Loinc} is not one of the graded tests.");
            return null;
        }

        if (byCode is not null && byLoinc is not null && byCode.Test != byLoinc.Test)
        {
            errors.Add($"Test code {row.TestCode} and LOINC {row.Loinc} name different tests.");
            return null;
        }

        return byCode ?? byLoinc;
    }
}

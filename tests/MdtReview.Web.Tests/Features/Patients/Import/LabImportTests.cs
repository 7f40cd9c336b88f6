using System.Globalization;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Import.Services;
using MdtReview.Web.Tests.Features.Patients.Entry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients.Import;

public sealed class LabImportTests : IAsyncLifetime
{
    private const string Header = "mrn,nhs_number,test_code,loinc,value,unit,lln,uln,collected_at";
    private EntryTestHost _host = default!;
    private int _patientId;
    private int _otherPatientId;

    private static string Yesterday => DateTime.UtcNow.Date.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public async ValueTask InitializeAsync()
    {
        _host = await EntryTestHost.StartAsync();
        (_patientId, _) = await _host.AddPatientAsync("RX100001", "9990000018");
        (_otherPatientId, _) = await _host.AddPatientAsync("RX100002");
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string File(params string[] rows) => string.Join('\n', [Header, .. rows]) + "\n";

    private Task<LabImportPreview?> PreviewAsync(string content, int? patientId = null) => _host.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<PreviewLabImport>(sp).HandleAsync(content, patientId));

    private Task<LabImportResult> ImportAsync(string content, int? patientId = null) => _host.Host.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<ImportLabResults>(sp).HandleAsync(content, patientId));

    [Fact]
    public async Task A_valid_file_imports_every_row_with_csv_import_as_source()
    {
        var file = File(
            $"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z",
            $",999 000 0018,,1975-2,18,umol/l,,21,{Yesterday}T08:15:00+01:00",
            $"RX100002,,NA,,134,mmol/L,133,146,{Yesterday}T09:00:00Z");

        var result = await ImportAsync(file);

        Assert.Equal((LabImportOutcome.Imported, 3), (result.Outcome, result.ImportedCount));
        var stored = await _host.Db(db => db.LabResults.OrderBy(l => l.Id).ToListAsync());
        Assert.All(stored, l => Assert.Equal((LabSource.CsvImport, _host.OncologistId), (l.Source, l.RecordedById)));
        Assert.Equal([(_patientId, "ALT", 132m, "U/L"), (_patientId, "BILI", 18m, "umol/L"), (_otherPatientId, "NA", 134m, "mmol/L")],
            stored.Select(l => (l.PatientId, l.TestCode, l.Value, l.Unit)));
        Assert.Equal(DateTime.Parse($"{Yesterday}T07:15:00Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), stored[1].CollectedAt);
        Assert.Equal("1975-2", stored[1].Loinc);
    }

    [Fact]
    public async Task The_preview_reports_each_bad_row_with_its_own_errors_and_writes_nothing()
    {
        var file = File(
            $"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX999999,,ALT,,40,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100001,,FT4,,15,pmol/L,12,22,{Yesterday}T08:15:00Z",
            $"RX100001,,NA,,134,mg/dL,,,{Yesterday}T08:15:00Z",
            $"RX100001,,HGB,,98,g/dL,,,{Yesterday}T08:15:00Z",
            $"RX100001,,K,,\"4,6\",mmol/L,,,{Yesterday}T08:15:00Z",
            $"RX100001,,K,,4.6,mmol/L,,,{Yesterday} 08:15",
            $"RX100001,,PLT,,200,10^9/L,,,{DateTime.UtcNow.AddDays(2):yyyy-MM-dd}T08:15:00Z",
            $"RX100001,,ALT,,135,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100001,,CREAT,,80,umol/L,100,50,{Yesterday}T08:15:00Z");

        var preview = await PreviewAsync(file);

        Assert.NotNull(preview);
        Assert.False(preview.CanImport);
        var errors = preview.Rows.ToDictionary(r => r.Line, r => string.Join(" | ", r.Errors));
        Assert.Equal("", errors[2]);
        Assert.Contains("No patient has MRN RX999999", errors[3], StringComparison.Ordinal);
        Assert.Contains("Unknown test code 'FT4'", errors[4], StringComparison.Ordinal);
        Assert.Contains("'mg/dL' is not a unit for this test", errors[5], StringComparison.Ordinal);
        Assert.Contains("cannot be a result for this test", errors[6], StringComparison.Ordinal);
        Assert.Contains("'4,6' is not a number", errors[7], StringComparison.Ordinal);
        Assert.Contains("is not an ISO 8601 date and time with its offset", errors[8], StringComparison.Ordinal);
        Assert.Contains("in the future", errors[9], StringComparison.Ordinal);
        Assert.Contains("Duplicate of line 2", errors[10], StringComparison.Ordinal);
        Assert.Contains("The LLN must be below the ULN", errors[11], StringComparison.Ordinal);
        Assert.Equal(9, preview.ErrorCount);
        Assert.Equal(0, await _host.CountAsync<LabResult>());
    }

    [Fact]
    public async Task A_file_with_one_bad_row_imports_nothing()
    {
        var file = File(
            $"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100001,,AST,,96,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100001,,NA,,1340,mmol/L,133,146,{Yesterday}T08:15:00Z");

        var result = await ImportAsync(file);

        Assert.Equal((LabImportOutcome.Invalid, 0), (result.Outcome, result.ImportedCount));
        Assert.Single(result.Preview.Rows, r => !r.IsValid);
        Assert.Equal(0, await _host.CountAsync<LabResult>());
    }

    [Fact]
    public async Task An_unknown_unit_is_reported_and_never_converted()
    {
        // 5.6 mmol/L glucose is about 100 mg/dL; a file saying "mg/L" is wrong, not something to convert.
        var result = await ImportAsync(File($"RX100001,,GLUCOSE,,1009,mg/L,,,{Yesterday}T08:15:00Z"));

        var row = Assert.Single(result.Preview.Rows);
        Assert.Contains("'mg/L' is not a unit for this test", Assert.Single(row.Errors), StringComparison.Ordinal);
        Assert.Equal(0, await _host.CountAsync<LabResult>());
    }

    [Fact]
    public async Task A_unit_the_catalogue_accepts_is_stored_with_the_value_exactly_as_given()
    {
        var result = await ImportAsync(File($"RX100001,,GLUCOSE,,101,mg/dl,,,{Yesterday}T08:15:00Z"));

        Assert.Equal(LabImportOutcome.Imported, result.Outcome);
        var stored = await _host.Db(db => db.LabResults.SingleAsync());
        Assert.Equal((101m, "mg/dL"), (stored.Value, stored.Unit));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_is_refused_the_second_time()
    {
        var file = File($"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z");
        Assert.Equal(LabImportOutcome.Imported, (await ImportAsync(file)).Outcome);

        var again = await ImportAsync(file);

        Assert.Contains("already recorded", Assert.Single(Assert.Single(again.Preview.Rows).Errors), StringComparison.Ordinal);
        Assert.Equal(1, await _host.CountAsync<LabResult>());
    }

    [Fact]
    public async Task From_a_patient_page_a_row_for_another_patient_is_an_error()
    {
        var file = File(
            $"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100002,,ALT,,30,U/L,,40,{Yesterday}T08:15:00Z");

        var result = await ImportAsync(file, _patientId);

        Assert.Equal(LabImportOutcome.Invalid, result.Outcome);
        Assert.Contains("another patient", Assert.Single(result.Preview.Rows[1].Errors), StringComparison.Ordinal);
        Assert.Empty(result.Preview.Rows[0].Errors);
        Assert.Equal(0, await _host.CountAsync<LabResult>());
    }

    [Fact]
    public async Task Mismatched_identifiers_are_reported_not_resolved()
    {
        var file = File(
            $"RX100002,9990000018,ALT,,30,U/L,,40,{Yesterday}T08:15:00Z",
            $"RX100001,,ALT,1920-8,30,U/L,,40,{Yesterday}T09:15:00Z");

        var preview = await PreviewAsync(file);

        Assert.Contains("belong to different patients", Assert.Single(preview!.Rows[0].Errors), StringComparison.Ordinal);
        Assert.Contains("name different tests", Assert.Single(preview.Rows[1].Errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("mrn,test_code,value,unit\nRX100001,ALT,30,U/L\n", "The header has no collected_at column.")]
    [InlineData("mrn,test_code,value,unit,collected_at,comment\n", "Unknown column 'comment'")]
    [InlineData("test_code,value,unit,collected_at\n", "The header needs an mrn or an nhs_number column.")]
    [InlineData("", "The file is empty.")]
    [InlineData(Header + "\n", "The file has a header but no rows.")]
    public async Task Problems_of_the_file_itself_are_reported_above_the_preview(string content, string expected)
    {
        var preview = await PreviewAsync(content);

        Assert.Contains(preview!.FileErrors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.False(preview.CanImport);
    }

    [Theory]
    [InlineData(Roles.GovernanceLead)]
    [InlineData(Roles.TrialInvestigator)]
    [InlineData(Roles.Administrator)]
    public async Task Only_an_oncologist_may_preview_or_import(string role)
    {
        _host.SignInAs(role);
        var file = File($"RX100001,,ALT,,132,U/L,,40,{Yesterday}T08:15:00Z");

        var preview = await PreviewAsync(file);
        var result = await ImportAsync(file);

        Assert.Null(preview);
        Assert.Equal(LabImportOutcome.Forbidden, result.Outcome);
        Assert.Equal(0, await _host.CountAsync<LabResult>());
    }
}

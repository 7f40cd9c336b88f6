using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Referrals.Services;

public sealed record ScreeningLogFile(string FileName, byte[] Content);

/// <summary>One referral in the screening log: dates are hospital calendar dates, the patient appears only as age and sex.</summary>
public sealed record ScreeningLogRow(
    int ReferralId, DateOnly ReferralDate, int AgeYears, Sex Sex, TumourSite TumourSite, DateOnly? ScreeningDate,
    ReferralStatus Outcome, DateOnly? OutcomeDate, IReadOnlyList<string> FailedCriteria, string? Reason, DateOnly? EligibleDate, DateOnly? EnrolmentDate);

/// <summary>
/// The trial screening log in the style of the NCI and NIHR screening/enrolment logs: every patient referred (screened) for
/// the trial, with the outcome and why a patient was not enrolled, so the site can report its screened-to-enrolled ratio.
/// The columns are documented in docs/screening-log.md; change both together.
/// </summary>
public static class ScreeningLog
{
    public static readonly IReadOnlyList<string> Header =
    [
        "ReferralId", "ReferralDate", "AgeYears", "Sex", "TumourSite", "ScreeningDate", "Outcome", "OutcomeFhirCode", "OutcomeDate",
        "FailedCriteria", "NotEnrolledReason", "EligibleDate", "EnrolmentDate",
    ];

    public static ScreeningLogRow Row(TrialReferral referral, int ageYears, Sex sex, TumourSite site, IReadOnlyList<ReferralCriterionView> criteria)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var transitions = referral.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).ToList();
        DateOnly? FirstInto(ReferralStatus status) => transitions.FirstOrDefault(t => t.ToStatus == status) is { } t ? Day(t.At) : null;
        var last = transitions.LastOrDefault();
        var ending = ReferralWorkflow.EndsReferral(referral.Status) ? transitions.LastOrDefault(t => t.ToStatus == referral.Status) : null;
        return new ScreeningLogRow(
            referral.Id, Day(referral.ReferredAt), ageYears, sex, site, FirstInto(ReferralStatus.Screening), referral.Status,
            last is null ? null : Day(last.At),
            referral.Status == ReferralStatus.Ineligible ? ReferralFacts.CriteriaTexts(ending?.FailedCriteria, criteria) : [],
            ending?.Reason, FirstInto(ReferralStatus.Eligible), FirstInto(ReferralStatus.Enrolled));
    }

    public static byte[] ToCsv(IEnumerable<ScreeningLogRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // Escape cells a spreadsheet would run as formulas (free-text reasons): OWASP CSV injection.
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true))
        {
            foreach (var column in Header)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var r in rows)
            {
                string[] fields =
                [
                    r.ReferralId.ToString(CultureInfo.InvariantCulture), Iso(r.ReferralDate), r.AgeYears.ToString(CultureInfo.InvariantCulture),
                    ReferralText.Sex(r.Sex), ReferralText.TumourSite(r.TumourSite), Iso(r.ScreeningDate), r.Outcome.ToString(), r.Outcome.ToFhirCode(),
                    Iso(r.OutcomeDate), string.Join("; ", r.FailedCriteria), r.Reason ?? "", Iso(r.EligibleDate), Iso(r.EnrolmentDate),
                ];
                foreach (var field in fields)
                {
                    csv.WriteField(field);
                }

                csv.NextRecord();
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static string FileName(string registryId, DateOnly today) =>
        $"screening-log-{new string(registryId.Where(char.IsLetterOrDigit).ToArray())}-{today:yyyyMMdd}.csv";

    private static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(HospitalTime.ToLocal(utc));

    private static string Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}

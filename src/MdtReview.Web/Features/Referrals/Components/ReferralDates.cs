using System.Globalization;
using MdtReview.Web.Features.Patients.Services;

namespace MdtReview.Web.Features.Referrals.Components;

/// <summary>Dates as the hospital reads them: <c>d MMM yyyy</c> in Europe/London.</summary>
internal static class ReferralDates
{
    public static string Day(DateTime utc) => HospitalTime.ToLocal(utc).ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateOnly date) => date.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string DayTime(DateTime utc) => HospitalTime.Show(utc);
}

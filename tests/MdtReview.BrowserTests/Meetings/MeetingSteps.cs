using MdtReview.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace MdtReview.BrowserTests.Meetings;

/// <summary>What the meeting journeys do the same way.</summary>
internal static class MeetingSteps
{
    public static async Task RecordAttendanceAsync(IPage page, string person)
    {
        await BrowserTest.ChooseAsync(page, "Attendee", person);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record attendance" }).ClickAsync();
        await Expect(page.GetByTestId("attendee").Filter(new() { HasText = person })).ToHaveCountAsync(1);
    }
}

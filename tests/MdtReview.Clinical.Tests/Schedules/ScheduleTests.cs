using MdtReview.Clinical.Schedules;
using Xunit;

namespace MdtReview.Clinical.Tests.Schedules;

public sealed class ScheduleTests
{
    private static readonly DateOnly _last = new(2026, 3, 2);

    [Fact]
    public void Next_infusion_on_a_three_weekly_regimen_is_21_days_after_the_last() =>
        Assert.Equal(new DateOnly(2026, 3, 23), Schedule.NextInfusionDue(_last, 21));

    [Fact]
    public void Infusion_is_not_overdue_on_its_due_date_and_is_overdue_the_day_after()
    {
        Assert.False(Schedule.Infusion(_last, 21, new DateOnly(2026, 3, 23)).Overdue);
        var late = Schedule.Infusion(_last, 21, new DateOnly(2026, 3, 24));
        Assert.True(late.Overdue);
        Assert.Equal(-1, late.DaysUntilDue);
    }

    [Fact]
    public void Interval_of_zero_days_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.NextInfusionDue(_last, 0));

    [Fact]
    public void Bloods_window_opens_three_days_before_the_infusion_and_closes_the_day_before()
    {
        var status = Schedule.BloodsDue(new DateOnly(2026, 3, 23), null, new DateOnly(2026, 3, 19));

        Assert.Equal(new DateOnly(2026, 3, 20), status.WindowOpens);
        Assert.Equal(new DateOnly(2026, 3, 22), status.DueBy);
        Assert.False(status.Done);
        Assert.False(status.Overdue);
    }

    [Fact]
    public void Bloods_taken_inside_the_window_are_done()
    {
        var status = Schedule.BloodsDue(new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 21), new DateOnly(2026, 3, 23));

        Assert.True(status.Done);
        Assert.False(status.Overdue);
    }

    [Fact]
    public void Bloods_taken_before_the_window_do_not_count_and_are_overdue_after_the_due_by_date()
    {
        var status = Schedule.BloodsDue(new DateOnly(2026, 3, 23), new DateOnly(2026, 3, 10), new DateOnly(2026, 3, 23));

        Assert.False(status.Done);
        Assert.True(status.Overdue);
    }

    [Fact]
    public void Routine_scan_is_due_12_weeks_after_the_last_and_overdue_after_that()
    {
        var status = Schedule.NextScan(_last, awaitingIupdConfirmation: false, today: _last.AddDays(84));

        Assert.Equal(ScanReason.Routine, status.Reason);
        Assert.Equal(_last.AddDays(84), status.Due);
        Assert.False(status.Overdue);
        Assert.True(Schedule.NextScan(_last, false, _last.AddDays(85)).Overdue);
    }

    [Fact]
    public void After_iupd_the_confirmation_scan_window_is_4_to_8_weeks()
    {
        var status = Schedule.NextScan(_last, awaitingIupdConfirmation: true, today: _last.AddDays(56));

        Assert.Equal(ScanReason.IupdConfirmation, status.Reason);
        Assert.Equal(_last.AddDays(28), status.Earliest);
        Assert.Equal(_last.AddDays(56), status.Latest);
        Assert.False(status.Overdue);
        Assert.True(Schedule.NextScan(_last, true, _last.AddDays(57)).Overdue);
    }

    [Fact]
    public void Scan_less_than_4_weeks_after_iupd_is_too_early_to_confirm_it()
    {
        Assert.True(Schedule.TooEarlyToConfirmIupd(_last, _last.AddDays(27)));
        Assert.False(Schedule.TooEarlyToConfirmIupd(_last, _last.AddDays(28)));
    }

    [Fact]
    public void Common_regimens_have_the_intervals_of_the_fact_sheet()
    {
        Assert.Contains(IciRegimens.Common, r => r is { Drug: "Pembrolizumab", IntervalDays: 21 });
        Assert.Contains(IciRegimens.Common, r => r is { Drug: "Pembrolizumab", IntervalDays: 42 });
        Assert.Contains(IciRegimens.Common, r => r is { Drug: "Nivolumab", IntervalDays: 14 });
        Assert.Contains(IciRegimens.Common, r => r is { Drug: "Nivolumab", IntervalDays: 28 });
    }
}

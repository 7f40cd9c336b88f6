using Bunit;
using MdtReview.Clinical.Ctcae;
using MdtReview.Testing;
using MdtReview.Web.Features.Patients.Components;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

public sealed class ReviewComponentTests : ComponentTestBase
{
    private static readonly DateTimeOffset _now = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    public ReviewComponentTests() => Services.AddSingleton<TimeProvider>(new FixedTimeProvider(_now));

    [Fact]
    public void A_grade_chip_shows_the_grade_and_offers_the_basis_on_focus_and_tap()
    {
        var grade = GradeView.From(CtcaeGrader.Grade(new LabObservation(LabTest.Alt, 250m, "U/L", 0m, 40m)));
        Render<MudBlazor.MudPopoverProvider>();

        var cut = Render<GradeChip>(p => p.Add(c => c.Grade, grade));

        Assert.Equal("G3", cut.Find(".mud-chip").TextContent.Trim());
        var button = cut.Find("button[data-testid=grade-chip]");
        Assert.Contains("CTCAE grade 3", button.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Contains("6.25 × ULN", button.GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_not_gradable_from_the_value_alone_says_so_on_its_chip()
    {
        var grade = GradeView.From(CtcaeGrader.Grade(new LabObservation(LabTest.Glucose, 14m, "mmol/L", 3.9m, 7.8m)));

        var cut = Render<GradeChip>(p => p.Add(c => c.Grade, grade));

        Assert.Equal("Not gradable", cut.Find(".mud-chip").TextContent.Trim());
        Assert.Contains("clinical facts", cut.Find("button").GetAttribute("aria-label"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_lab_form_names_an_impossible_value_on_its_field_and_does_not_submit()
    {
        var submitted = 0;
        var entry = new LabPanelEntry { CollectedAtLocal = new DateTime(2026, 11, 27, 9, 0, 0), Rows = [new LabEntryRow { TestCode = "HGB", Unit = "g/dL", Value = 98m }] };

        var cut = Render<LabPanelForm>(p => p
            .Add(c => c.Entry, entry)
            .Add(c => c.Submit, _ => { submitted++; return Task.FromResult(LabWriteResult.Ok()); }));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save results", StringComparison.Ordinal)).Click();

        Assert.Contains("98 g/dL cannot be a result for this test", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, submitted);
    }

    [Fact]
    public async Task A_test_chosen_just_before_save_is_the_test_saved_while_the_select_still_waits_on_the_browser()
    {
        // MudSelect applies a clicked option only after a browser round trip (it re-arms its Escape handler first). A Save
        // click handled inside that window once answered "Choose a test." while the select showed Platelets.
        var selectRoundTrip = JSInterop.SetupVoid("mudKeyInterceptor.updatekey", _ => true);
        var settleRoundTrip = JSInterop.SetupVoid("mdtReview.settle");
        LabPanelEntry? submitted = null;
        Render<MudBlazor.MudPopoverProvider>();
        var cut = Render<LabPanelForm>(p => p
            .Add(c => c.Entry, new LabPanelEntry { CollectedAtLocal = new DateTime(2026, 11, 27, 9, 0, 0), Rows = [new LabEntryRow { Value = 40m }] })
            .Add(c => c.Submit, e => { submitted = e; return Task.FromResult(LabWriteResult.Ok()); }));
        var testSelect = cut.FindComponents<MudBlazor.MudSelect<string>>()[0];

        var choosing = cut.InvokeAsync(() => testSelect.Instance.SelectOption("PLT"));
        var saving = cut.FindAll("button").Single(b => b.TextContent.Contains("Save results", StringComparison.Ordinal)).ClickAsync(new());
        // The browser answers in the order it was asked: first the select's call, then the form's.
        selectRoundTrip.SetVoidResult();
        await choosing;
        settleRoundTrip.SetVoidResult();
        await saving;

        Assert.DoesNotContain("Choose a test.", cut.Markup, StringComparison.Ordinal);
        Assert.NotNull(submitted);
        Assert.Equal("PLT", submitted.Rows.Single().TestCode);
        Assert.Equal("10^9/L", submitted.Rows.Single().Unit);
    }

    [Fact]
    public void The_lab_form_refuses_a_collection_time_in_the_future()
    {
        var submitted = 0;
        var entry = new LabPanelEntry { CollectedAtLocal = new DateTime(2026, 11, 28, 9, 0, 0), Rows = [new LabEntryRow { TestCode = "PLT", Unit = "10^9/L", Value = 40m }] };

        var cut = Render<LabPanelForm>(p => p
            .Add(c => c.Entry, entry)
            .Add(c => c.Submit, _ => { submitted++; return Task.FromResult(LabWriteResult.Ok()); }));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save results", StringComparison.Ordinal)).Click();

        Assert.Contains("The collection time is in the future.", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, submitted);
    }

    [Fact]
    public void The_lab_form_shows_the_services_field_messages()
    {
        var entry = new LabPanelEntry { CollectedAtLocal = new DateTime(2026, 11, 27, 9, 0, 0), Rows = [new LabEntryRow { TestCode = "PLT", Unit = "10^9/L", Value = 40m }] };

        var cut = Render<LabPanelForm>(p => p
            .Add(c => c.Entry, entry)
            .Add(c => c.Submit, _ => Task.FromResult(LabWriteResult.Fail(LabFields.Form, LabWriteMessages.Forbidden))));
        cut.FindAll("button").Single(b => b.TextContent.Contains("Save results", StringComparison.Ordinal)).Click();

        Assert.Equal(LabWriteMessages.Forbidden, cut.Find("[data-testid=form-error]").TextContent.Trim());
    }

    [Fact]
    public void A_chart_of_2000_values_draws_at_most_500_points_and_keeps_the_maximum()
    {
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var values = Enumerable.Range(0, 2_000).Select(i => new ChartPoint(start.AddHours(i * 8), 20 + (i % 5))).ToList();
        values[1_234] = values[1_234] with { Value = 950 };
        var model = new ChartModel("ALT (U/L)", "ALT over time", "U/L", Downsampler.MinMaxBuckets(values), 0, 40, "Reference range", [new ChartThreshold(800, "G4 above 800")], values.Count);

        var cut = Render<SvgLineChart>(p => p.Add(c => c.Model, model));

        var drawn = int.Parse(cut.Find("figure").GetAttribute("data-points")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(drawn, 2, 500);
        cut.FindAll("button").Single(b => b.TextContent.Contains("Show data table", StringComparison.Ordinal)).Click();
        Assert.Contains(cut.FindAll("td"), td => td.TextContent == "950");
        Assert.NotNull(cut.Find("svg title"));
        Assert.Contains("G4 above 800", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chart_does_not_redraw_when_handed_the_same_series_again()
    {
        var model = new ChartModel("K", "Potassium", "mmol/L", [new(DateTime.UnixEpoch, 4), new(DateTime.UnixEpoch.AddDays(1), 5)], 3.5, 5.3, null, [], 2);
        var cut = Render<SvgLineChart>(p => p.Add(c => c.Model, model));
        var renders = cut.RenderCount;

        cut.Render(p => p.Add(c => c.Model, model));
        Assert.Equal(renders, cut.RenderCount);

        cut.Render(p => p.Add(c => c.Model, model with { Points = [new(DateTime.UnixEpoch, 6)] }));
        Assert.Equal(renders + 1, cut.RenderCount);
    }
}

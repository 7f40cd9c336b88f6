using Bunit;
using MdtReview.Clinical.Irae;
using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Patients.Entry.Components;
using MdtReview.Web.Features.Patients.Entry.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace MdtReview.Web.Tests.Features.Patients.Entry;

public sealed class EntryDialogTests : EntryComponentTestBase
{
    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<IraeState> AddIraeAsync(int patientId, int grade = 2)
    {
        var result = await Services.GetRequiredService<RecordIrae>().HandleAsync(patientId, new NewIrae(IraeCategory.Hepatitis, "Alanine aminotransferase increased", grade, Today.AddDays(-14),
            Attribution.Probable, IraeManagement.Steroids, "prednisolone 1 mg/kg/day"));
        return (await Services.GetRequiredService<GetIrae>().HandleAsync(patientId, result.Id!.Value))!;
    }

    [Fact]
    public async Task Record_irae_labels_every_field_and_shows_the_messages_of_the_form_and_of_the_service()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var (provider, _) = await OpenAsync(new DialogParameters<RecordIraeDialog> { { d => d.PatientId, patientId } });

        Assert.Superset(new HashSet<string> { "Category", "CTCAE term", "CTCAE grade", "Onset date", "Attribution to immunotherapy", "Management" },
            Labels(provider).ToHashSet());
        await ClickAsync(provider, "Record irAE");
        Assert.Contains("Choose the irAE category.", Text(provider), StringComparison.Ordinal);
        Assert.Contains("Choose the attribution to immunotherapy.", Text(provider), StringComparison.Ordinal);

        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<IraeCategory?>>().Instance.ValueChanged.InvokeAsync(IraeCategory.Colitis));
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<Attribution?>>().Instance.ValueChanged.InvokeAsync(Attribution.Probable));
        await provider.InvokeAsync(() => provider.FindComponents<MudSelect<IraeManagement>>()[0].Instance.ValueChanged.InvokeAsync(IraeManagement.Steroids));
        await ClickAsync(provider, "Record irAE");

        provider.WaitForAssertion(() => Assert.Contains("Enter the CTCAE term", Text(provider), StringComparison.Ordinal));
        Assert.Contains("Enter the steroid and dose", Text(provider), StringComparison.Ordinal);
        Assert.Contains("Steroid and dose", Labels(provider));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.AdverseEvents.CountAsync(Ct));
    }

    [Fact]
    public async Task Change_grade_shows_the_irae_and_the_grade_message_then_a_conflict_with_both_versions_and_saves_mine_on_top()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var irae = await AddIraeAsync(patientId, grade: 2);
        var (provider, dialog) = await OpenAsync(new DialogParameters<ChangeIraeGradeDialog> { { d => d.PatientId, patientId }, { d => d.AdverseEventId, irae.Id } });
        provider.WaitForAssertion(() => Assert.Contains("Alanine aminotransferase increased", Text(provider), StringComparison.Ordinal));
        Assert.Contains("Grade 2 – moderate since", Text(provider), StringComparison.Ordinal);
        Assert.Superset(new HashSet<string> { "New grade", "Effective from", "Note (optional)" }, Labels(provider).ToHashSet());

        var grade = provider.FindComponent<MudSelect<int?>>();
        await provider.InvokeAsync(() => grade.Instance.ValueChanged.InvokeAsync(2));
        await ClickAsync(provider, "Change grade");
        provider.WaitForAssertion(() => Assert.Contains("The irAE is already grade 2; choose the new grade.", Text(provider), StringComparison.Ordinal));

        // Another oncologist raises it to 3 while this dialog is open.
        await Services.GetRequiredService<ChangeIraeGrade>().HandleAsync(patientId, new IraeGradeChange(irae.Id, irae.Version, 3, Today.AddDays(-1), "theirs"), Ct);
        await provider.InvokeAsync(() => grade.Instance.ValueChanged.InvokeAsync(4));
        await ClickAsync(provider, "Change grade");

        provider.WaitForAssertion(() => Assert.Contains("Changed by another user", Text(provider), StringComparison.Ordinal));
        var cells = provider.Find("[data-testid=conflict-panel]").ParentElement!.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(cells, c => c.Contains("Grade 4", StringComparison.Ordinal) && c.Contains("Grade 3", StringComparison.Ordinal));
        await ClickAsync(provider, "Save mine on top of theirs");

        var result = await dialog.Result;
        Assert.Equal(true, result!.Data);
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal([2, 3, 4], await db.AdverseEventGrades.OrderBy(g => g.Id).Select(g => g.Grade).ToListAsync(Ct));
    }

    [Fact]
    public async Task Resolve_shows_why_an_already_resolved_irae_cannot_be_resolved_again()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var irae = await AddIraeAsync(patientId);
        var (provider, _) = await OpenAsync(new DialogParameters<ResolveIraeDialog> { { d => d.PatientId, patientId }, { d => d.AdverseEventId, irae.Id } });
        provider.WaitForAssertion(() => Assert.Contains("Resolution date", Labels(provider)));
        var resolved = await Services.GetRequiredService<ResolveIrae>().HandleAsync(patientId, new IraeResolution(irae.Id, irae.Version, Today.AddDays(-2), null), Ct);
        Assert.True(resolved.Succeeded);

        await ClickAsync(provider, "Mark resolved");

        provider.WaitForAssertion(() => Assert.Contains("Changed by another user", Text(provider), StringComparison.Ordinal));
        await ClickAsync(provider, "Save mine on top of theirs");
        provider.WaitForAssertion(() => Assert.Contains("already recorded as resolved", Text(provider), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Record_infusion_defaults_to_the_next_cycle_and_a_deferral_without_reason_gets_its_message()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var (provider, _) = await OpenAsync(new DialogParameters<RecordInfusionDialog> { { d => d.PatientId, patientId } });
        provider.WaitForAssertion(() => Assert.Contains("Cycle 1", provider.Find("[data-testid=next-cycle]").TextContent, StringComparison.Ordinal));
        Assert.Superset(new HashSet<string> { "Treatment course", "Date" }, Labels(provider).ToHashSet());

        await provider.InvokeAsync(() => provider.FindComponent<MudRadioGroup<InfusionStatus>>().Instance.ValueChanged.InvokeAsync(InfusionStatus.Deferred));
        Assert.Contains("Reason for deferral", Labels(provider));
        await ClickAsync(provider, "Record infusion");

        provider.WaitForAssertion(() => Assert.Contains("Enter why the infusion was deferred", Text(provider), StringComparison.Ordinal));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Infusions.CountAsync(Ct));
    }

    [Fact]
    public async Task Record_scan_starts_a_baseline_with_one_target_row_and_shows_the_recist_size_message_on_that_row()
    {
        await SignInWithRoleAsync(Roles.Oncologist);
        var (patientId, _) = await AddPatientAsync();
        var (provider, _) = await OpenAsync(new DialogParameters<RecordScanDialog> { { d => d.PatientId, patientId } });
        provider.WaitForAssertion(() => Assert.Contains("No baseline scan yet", Text(provider), StringComparison.Ordinal));
        Assert.Single(provider.FindAll("[data-testid=lesion-row]"));

        await ClickAsync(provider, "Add target lesion");
        Assert.Equal(2, provider.FindAll("[data-testid=lesion-row]").Count);
        Assert.NotEmpty(provider.FindAll("button[aria-label='Remove lesion 2']"));
        var organs = provider.FindComponents<MudTextField<string>>().Where(f => f.Instance.Label == "Organ or site").ToList();
        await provider.InvokeAsync(() => organs[0].Instance.ValueChanged.InvokeAsync("Liver"));
        await provider.InvokeAsync(() => organs[1].Instance.ValueChanged.InvokeAsync("Lung"));
        var sizes = provider.FindComponents<MudNumericField<decimal?>>();
        await provider.InvokeAsync(() => sizes[0].Instance.ValueChanged.InvokeAsync(25m));
        await provider.InvokeAsync(() => sizes[1].Instance.ValueChanged.InvokeAsync(8m));
        await ClickAsync(provider, "Record scan");

        provider.WaitForAssertion(() => Assert.Contains("Target lesion T2 is 8 mm; a target lesion must be at least 10 mm", Text(provider), StringComparison.Ordinal));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Scans.CountAsync(Ct));
    }

    [Fact]
    public async Task A_governance_lead_who_opens_an_entry_dialog_is_refused_by_the_service_and_nothing_is_written()
    {
        await SignInWithRoleAsync(Roles.GovernanceLead);
        var (patientId, _) = await AddPatientAsync();
        var (provider, _) = await OpenAsync(new DialogParameters<RecordIraeDialog> { { d => d.PatientId, patientId } });
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<IraeCategory?>>().Instance.ValueChanged.InvokeAsync(IraeCategory.Colitis));
        await provider.InvokeAsync(() => provider.FindComponent<MudSelect<Attribution?>>().Instance.ValueChanged.InvokeAsync(Attribution.Probable));
        await provider.InvokeAsync(() => provider.FindComponents<MudTextField<string>>()[0].Instance.ValueChanged.InvokeAsync("Colitis"));

        await ClickAsync(provider, "Record irAE");

        provider.WaitForAssertion(() => Assert.Contains(EntryResult.ForbiddenMessage, Text(provider), StringComparison.Ordinal));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.AdverseEvents.CountAsync(Ct));
    }
}

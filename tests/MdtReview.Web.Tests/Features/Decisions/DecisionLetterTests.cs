using MdtReview.Data.Identity;
using MdtReview.Data.Model;
using MdtReview.Web.Features.Decisions.Services;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace MdtReview.Web.Tests.Features.Decisions;

public sealed class DecisionLetterTests(DemoDecisions demo) : IClassFixture<DemoDecisions>
{
    [Fact]
    public async Task The_letter_names_the_patient_by_name_nhs_number_and_mrn_and_states_the_outcome()
    {
        demo.SignInAs(Roles.Oncologist);
        var decision = await demo.HepatitisPause();
        var patient = await demo.Db(db => db.Patients.SingleAsync(p => p.Id == decision.PatientId));

        var result = await demo.Letter(decision.Id);

        Assert.Equal(DecisionLetterStatus.Created, result.Status);
        var letter = Assert.IsType<DecisionLetter>(result.Letter);
        var text = TextOf(letter.Content);
        Assert.Contains($"{patient.GivenName} {patient.FamilyName}", text, StringComparison.Ordinal);
        Assert.Contains(patient.Mrn, text, StringComparison.Ordinal);
        Assert.Contains(DecisionWording.NhsNumber(patient.NhsNumber), text, StringComparison.Ordinal);
        Assert.Contains(patient.DateOfBirth.ToString("d MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Contains("Pause (hold) the immunotherapy", text, StringComparison.Ordinal);
        Assert.Contains("ALT ≤3×ULN", text, StringComparison.Ordinal);
        Assert.Contains("Dr Rajesh Menon", text, StringComparison.Ordinal);
        Assert.Contains("Version 1", text, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.Mrn, letter.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amendment_letter_says_which_version_it_amends_and_a_governance_lead_may_print_it()
    {
        demo.SignInAs(Roles.GovernanceLead);
        var amendment = await demo.Amendment();

        var result = await demo.Letter(amendment.Id);

        var text = TextOf(Assert.IsType<DecisionLetter>(result.Letter).Content);
        Assert.Contains("Version 2 (amends version 1)", text, StringComparison.Ordinal);
        Assert.Contains("Clinical judgement", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_has_no_letter_and_its_page_says_it_is_not_final()
    {
        demo.SignInAs(Roles.Oncologist);
        var source = await demo.HepatitisPause();
        var oncologist = await demo.UserId("oncologist@demo.mdtreview.local");
        var draftId = await demo.Db(async db =>
        {
            var draft = new Decision
            {
                PatientId = source.PatientId,
                Outcome = Clinical.GuidelineCheck.DecisionOutcome.Continue,
                Rationale = "Drafting: restart once ALT is grade 1",
                Status = DecisionStatus.Draft,
                CreatedById = oncologist,
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            db.Decisions.Add(draft);
            await db.SaveChangesAsync();
            return draft.Id;
        });

        var letter = await demo.Letter(draftId);
        var view = Assert.IsType<DecisionView>(await demo.View(draftId));

        Assert.Equal(DecisionLetterStatus.NotFinal, letter.Status);
        Assert.Null(letter.Letter);
        Assert.False(view.IsFinal);
        Assert.Null(view.Evidence);
        Assert.Null(view.UnreadableEvidence);
        Assert.Null(view.Findings);
    }

    private static string TextOf(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}

using System.Globalization;
using PdfSharp.Pdf;

namespace MdtReview.Web.Features.Decisions.Services;

public enum DecisionLetterStatus
{
    Created,

    /// <summary>No such decision, or the caller may not read it (the two look the same).</summary>
    NotFound,

    /// <summary>The decision is a draft: letters are made from the finalised record only.</summary>
    NotFinal,
}

public sealed record DecisionLetter(byte[] Content, string FileName);

public sealed record DecisionLetterResult(DecisionLetterStatus Status, DecisionLetter? Letter = null);

/// <summary>
/// The PDF outcome letter for the GP and the referrer, made from a final decision only. The role check is
/// <see cref="DecisionViewService"/>'s: whoever may read a decision may print its letter.
/// </summary>
public sealed class DecisionLetterService(DecisionViewService decisions, TimeProvider clock)
{
    public async Task<DecisionLetterResult> CreateAsync(int decisionId, CancellationToken cancellationToken = default)
    {
        var decision = await decisions.GetAsync(decisionId, cancellationToken);
        if (decision is null)
        {
            return new DecisionLetterResult(DecisionLetterStatus.NotFound);
        }

        if (!decision.IsFinal)
        {
            return new DecisionLetterResult(DecisionLetterStatus.NotFinal);
        }

        var content = Render(decision, clock.GetUtcNow().UtcDateTime);

        // The file name carries no patient identifier: downloads folders and proxies log file names.
        return new DecisionLetterResult(DecisionLetterStatus.Created, new DecisionLetter(content, $"mdt-outcome-letter-{decision.Id}-v{decision.VersionNumber}.pdf"));
    }

    internal static byte[] Render(DecisionView d, DateTime generatedAtUtc)
    {
        LetterFontResolver.EnsureInstalled();
        using var document = new PdfDocument();
        document.Info.Title = "MDT outcome letter";
        document.Info.Creator = "MdtReview";
        document.Info.CreationDate = generatedAtUtc;

        using (var letter = new LetterLayout(document))
        {
            letter.Title("MDT outcome letter");
            letter.Paragraph("To the patient's general practitioner and the referring clinician.");
            letter.Paragraph(d.Meeting is { } m
                ? $"This letter records the decision of the {m.TumourGroup} multidisciplinary team meeting on {Day(m.StartsAt)}{(m.Chair is null ? "" : $", chaired by {m.Chair}")}."
                : "This letter records a decision made outside an MDT meeting.");

            letter.Heading("Patient");
            letter.Row("Name", $"{d.Patient.GivenName} {d.Patient.FamilyName}");
            letter.Row("Date of birth", DecisionWording.Date(d.Patient.DateOfBirth));
            letter.Row("Hospital number (MRN)", d.Patient.Mrn);
            letter.Row("NHS number", DecisionWording.NhsNumber(d.Patient.NhsNumber));

            letter.Heading("Decision");
            letter.Row("Outcome", $"{DecisionWording.Outcome(d.Outcome)}: {DecisionWording.OutcomeInPlainWords(d.Outcome)}");
            letter.Row("Reasons", d.Rationale);
            if (!string.IsNullOrWhiteSpace(d.Conditions))
            {
                letter.Row("Conditions", d.Conditions);
            }

            if (!string.IsNullOrWhiteSpace(d.PlannedNextTreatment))
            {
                letter.Row("Planned next treatment", d.PlannedNextTreatment);
            }

            if (d.Trial is { } trial)
            {
                letter.Row("Trial", $"{trial.Title} ({trial.RegistryId})");
            }

            if (!string.IsNullOrWhiteSpace(d.ReferralQuestion))
            {
                letter.Row("Referral question", d.ReferralQuestion);
            }

            if (d.DeviatesFromGuideline && d.DeviationReason is { } reason)
            {
                letter.Row("Guideline", $"The team departed from guideline advice. Reason: {DecisionWording.Deviation(reason)}{(string.IsNullOrWhiteSpace(d.DeviationText) ? "" : $" — {d.DeviationText}")}");
            }

            letter.Heading("What happens next");
            letter.Row("Next MDT review", DecisionWording.Date(d.NextReviewDate));
            letter.Row("Next scan due", DecisionWording.Date(d.NextScanDue));
            letter.Row("Informing the patient", d.InformPatientByName is null
                ? "Not assigned"
                : $"{d.InformPatientByName}{(d.InformPatientBy is { } by ? $", by {DecisionWording.Date(by)}" : "")}");

            letter.Heading("Record");
            letter.Row("Finalised by", $"{d.FinalisedBy ?? "unknown"}, {DecisionWording.Time(d.FinalisedAt)}");
            letter.Row("Version", d.SupersedesVersion is { } amends
                ? $"Version {d.VersionNumber} (amends version {amends}){(string.IsNullOrWhiteSpace(d.AmendmentReason) ? "" : $". Reason for the amendment: {d.AmendmentReason}")}"
                : $"Version {d.VersionNumber}");
            if (d.SupersededByVersion is { } newer)
            {
                letter.Row("Superseded", $"This version has been superseded by version {newer}; the later version is the current decision.");
            }

            letter.Space(10);
            letter.Paragraph("Please contact the oncology team through the hospital switchboard with any question about this decision.");
            letter.Finish($"MdtReview decision {d.Id}, version {d.VersionNumber}, generated {generatedAtUtc.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)} from the finalised record");
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private static string Day(DateTime utc) => utc.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
}

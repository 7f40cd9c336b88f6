namespace MdtReview.Data.Configuration;

/// <summary>
/// Database triggers that make a final decision immutable even for a writer that bypasses the decision service: every
/// column the team signed is frozen once <c>Status = 'Final'</c>, and a final decision cannot be deleted. Only the
/// follow-up fields (<c>PatientInformedAt</c>, <c>UpdatedAt</c>) and the concurrency token may still change. The
/// migrations of both providers apply these scripts.
/// </summary>
public static class FinalDecisionGuard
{
    private const string Message = "A final decision is immutable: record an amendment instead.";

    private static readonly string[] _frozen =
    [
        "PatientId", "MeetingCaseId", "Outcome", "Rationale", "Conditions", "NextReviewDate", "NextScanDue", "PlannedNextTreatment",
        "InformPatientById", "InformPatientBy", "TrialId", "ReferralQuestion", "EvidenceSnapshotJson", "GuidelineFindingsJson",
        "DeviatesFromGuideline", "DeviationReason", "DeviationText", "RulesVersion", "Status", "VersionNumber", "SupersedesId",
        "AmendmentReason", "CreatedById", "CreatedAt", "FinalisedById", "FinalisedAt",
    ];

    public static string SqliteUp { get; } = $"""
        CREATE TRIGGER "TR_Decisions_FinalImmutable" BEFORE UPDATE ON "Decisions"
        WHEN OLD."Status" = 'Final' AND ({string.Join(" OR ", _frozen.Select(c => $"NEW.\"{c}\" IS NOT OLD.\"{c}\""))})
        BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        CREATE TRIGGER "TR_Decisions_FinalNotDeleted" BEFORE DELETE ON "Decisions"
        WHEN OLD."Status" = 'Final'
        BEGIN SELECT RAISE(ABORT, '{Message}'); END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "TR_Decisions_FinalImmutable";
        DROP TRIGGER IF EXISTS "TR_Decisions_FinalNotDeleted";
        """;

    public static string PostgreSqlUp { get; } = $"""
        CREATE FUNCTION decisions_final_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                IF OLD."Status" = 'Final' THEN RAISE EXCEPTION '{Message}' USING ERRCODE = 'integrity_constraint_violation'; END IF;
                RETURN OLD;
            END IF;
            IF OLD."Status" = 'Final' AND ({string.Join(", ", _frozen.Select(c => $"NEW.\"{c}\""))}) IS DISTINCT FROM ({string.Join(", ", _frozen.Select(c => $"OLD.\"{c}\""))}) THEN
                RAISE EXCEPTION '{Message}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER "TR_Decisions_FinalImmutable" BEFORE UPDATE OR DELETE ON "Decisions"
        FOR EACH ROW EXECUTE FUNCTION decisions_final_immutable();
        """;

    public const string PostgreSqlDown = """
        DROP TRIGGER IF EXISTS "TR_Decisions_FinalImmutable" ON "Decisions";
        DROP FUNCTION IF EXISTS decisions_final_immutable();
        """;
}

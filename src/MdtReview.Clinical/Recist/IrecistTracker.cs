namespace MdtReview.Clinical.Recist;

/// <summary>The iRECIST response at one follow-up scan.</summary>
internal sealed record IrecistOutcome(
    IrecistResponse Response,
    bool? TreatmentMayContinue,
    string Basis,
    decimal? NewLesionTargetSumMm,
    int? ConfirmationWindowFirstDay,
    int? ConfirmationWindowLastDay,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Walks a scan series through iRECIST (Seymour L et al., Lancet Oncol 2017;18:e143-e152, tables 2–3, with the EORTC
/// iRECIST Q&amp;A at recist.eortc.org/irecist): the first RECIST 1.1 progression in any category is iUPD; the next
/// assessment 4–8 weeks later confirms it (iCPD), keeps it (iUPD) or resets it (iSD/iPR/iCR).
/// </summary>
internal sealed class IrecistTracker
{
    /// <summary>iRECIST: the confirmation scan is the next assessment 4–8 weeks after iUPD; earlier scans cannot confirm.</summary>
    public const int ConfirmationEarliestDays = 28;

    /// <summary>iRECIST: 8 weeks after iUPD is the end of the recommended confirmation window.</summary>
    public const int ConfirmationLatestDays = 56;

    // iRECIST confirmation: a further ≥5 mm in the target sum, or in the new-lesion target sum (Seymour 2017, table 2).
    private const decimal ConfirmationIncreaseMm = 5m;

    // iRECIST: up to 5 measurable new lesions, at most 2 per organ, are new-lesion targets (Seymour 2017, new lesions).
    private const int MaxNewLesionTargets = 5;
    private const int MaxNewLesionTargetsPerOrgan = 2;

    private readonly IReadOnlyList<ScanFigures> _scans;
    private readonly Dictionary<string, bool> _isNewLesionTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _newLesionOrgan = new(StringComparer.Ordinal);
    private decimal? _nadir;
    private IrecistResponse? _previous;
    private bool _responseToHold;
    private Episode? _pending;
    private NewLesionSnapshot _reference = NewLesionSnapshot.Empty;
    private int? _confirmedDay;

    public IrecistTracker(IReadOnlyList<ScanFigures> scans)
    {
        _scans = scans;
        _nadir = scans[0].SumMm;
    }

    public List<IrecistOutcome> Run()
    {
        var results = new List<IrecistOutcome>();
        foreach (var scan in _scans.Skip(1))
        {
            results.Add(Assess(scan));
        }

        return results;
    }

    private IrecistOutcome Assess(ScanFigures scan)
    {
        if (_confirmedDay is { } confirmedDay)
        {
            // iRECIST: once progression is confirmed there is no reset; later scans are recorded but iCPD stands.
            return Outcome(IrecistResponse.ICPD, scan, false,
                $"progression confirmed on day {confirmedDay}; iRECIST does not reset after confirmed progression");
        }

        if (_pending is { } episode)
        {
            var sinceIupd = scan.ElapsedDays - episode.ElapsedDays;
            if (sinceIupd < ConfirmationEarliestDays)
            {
                return AssessEarly(scan, episode, sinceIupd);
            }

            return AssessConfirmation(scan, episode, sinceIupd);
        }

        return AssessWithoutPendingProgression(scan);
    }

    private IrecistOutcome AssessWithoutPendingProgression(ScanFigures scan)
    {
        ClassifyNewLesions(scan);
        var target = EvaluateTarget(scan);
        var nonTarget = RecistRules.NonTargetResponseOf(scan.Assessment.NonTarget);
        var lesions = CompareNewLesions(scan, _reference);

        var reasons = new List<string>();
        var episode = new Episode { Day = scan.Day, ElapsedDays = scan.ElapsedDays, TargetSumMm = scan.SumMm };
        if (target?.Response == TargetResponse.PD)
        {
            episode.Target = true;
            reasons.Add(target.Basis);
        }

        if (nonTarget == NonTargetResponse.PD)
        {
            episode.NonTarget = true;
            reasons.Add("unequivocal progression of non-target disease");
        }

        if (lesions.Findings.Count > 0)
        {
            episode.NewLesions = true;
            reasons.AddRange(lesions.Findings);
        }

        if (reasons.Count > 0)
        {
            // iRECIST: the first time point meeting RECIST 1.1 progression in any category is iUPD, never iCPD.
            episode.Lesions = Snapshot(scan, _reference);
            _pending = episode;
            var first = scan.Day + ConfirmationEarliestDays;
            var last = scan.Day + ConfirmationLatestDays;
            var basis = $"{string.Join("; ", reasons)}: unconfirmed progression; confirm at the next assessment 4–8 weeks later "
                + $"(day {first}–{last}); {Stability(scan)}";
            return Record(scan, target, Outcome(IrecistResponse.IUPD, scan, scan.Assessment.ClinicallyStable == true, basis) with
            {
                ConfirmationWindowFirstDay = first,
                ConfirmationWindowLastDay = last,
            });
        }

        var response = NonProgressedResponse(scan, target, nonTarget);
        var persisting = scan.Assessment.NewLesions.Count > 0
            ? "; earlier new lesions persist without growth"
            : string.Empty;
        return Record(scan, target,
            Outcome(response, scan, null, RecistEvaluator.Describe(target, nonTarget, [], scan.HasTargets) + persisting));
    }

    private IrecistOutcome AssessEarly(ScanFigures scan, Episode episode, int sinceIupd)
    {
        // iRECIST Q&A (recist.eortc.org/irecist): a scan earlier than 4 weeks after iUPD is not the confirmation scan;
        // the one exception is an unscheduled scan for new symptoms that shows additional new lesions. Growth of
        // lesions already known never confirms early. The early scan leaves the iRECIST state (and its nadir) as it was.
        // Ambiguity: the Q&A's ±2-day tolerance is not applied; 28 days is the earliest confirmation (conservative).
        if (scan.Assessment.UnscheduledForSymptoms)
        {
            var additional = scan.Assessment.NewLesions
                .Where(l => !episode.Lesions.Ids.Contains(l.Id))
                .Select(l => l.Id)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (additional.Count > 0)
            {
                ClassifyNewLesions(scan);
                _confirmedDay = scan.Day;
                _pending = null;
                return Outcome(IrecistResponse.ICPD, scan, false,
                    $"unscheduled scan for symptoms {sinceIupd} days after iUPD (day {episode.Day}) shows additional new "
                    + $"{(additional.Count == 1 ? "lesion" : "lesions")} {string.Join(", ", additional)}: progression confirmed");
            }
        }

        return Outcome(IrecistResponse.IUPD, scan, scan.Assessment.ClinicallyStable == true,
            $"{sinceIupd} days after iUPD (day {episode.Day}): earlier than 4 weeks, so this scan neither confirms nor resets the iUPD; "
            + Stability(scan)) with
        {
            ConfirmationWindowFirstDay = episode.Day + ConfirmationEarliestDays,
            ConfirmationWindowLastDay = episode.Day + ConfirmationLatestDays,
        };
    }

    private IrecistOutcome AssessConfirmation(ScanFigures scan, Episode episode, int sinceIupd)
    {
        ClassifyNewLesions(scan);
        var warnings = new List<string>();
        if (!episode.ConfirmationScanSeen && sinceIupd > ConfirmationLatestDays)
        {
            warnings.Add($"The confirmation scan is {sinceIupd} days after iUPD, later than the 4–8 weeks iRECIST recommends.");
        }

        episode.ConfirmationScanSeen = true;
        var target = EvaluateTarget(scan);
        var nonTarget = RecistRules.NonTargetResponseOf(scan.Assessment.NonTarget);
        var lesions = CompareNewLesions(scan, episode.Lesions);

        // iRECIST (Seymour 2017, table 2; EORTC iRECIST Q&A): at the next assessment progression is confirmed by a further
        // ≥5 mm in the target sum over the iUPD sum, any further increase of non-target disease, growth or more new
        // lesions, or progression in a category that had not progressed at iUPD. Increases add up over consecutive
        // iUPD scans because every comparison is with the scan that first showed iUPD.
        var confirmations = new List<string>();
        if (scan.SumMm is { } sum && episode.TargetSumMm is { } iupdSum)
        {
            if (episode.Target && sum - iupdSum >= ConfirmationIncreaseMm)
            {
                confirmations.Add($"target sum {ResponseText.Mm(sum)} is {ResponseText.SignedMm(sum - iupdSum)} over the iUPD sum {ResponseText.Mm(iupdSum)} (≥5 mm)");
            }
            else if (!episode.Target && target?.Response == TargetResponse.PD)
            {
                confirmations.Add($"target lesions now progress ({target.Basis})");
            }
        }

        if (episode.NonTarget && scan.Assessment.NonTargetFurtherIncrease == true)
        {
            confirmations.Add("non-target disease has increased further");
        }
        else if (!episode.NonTarget && nonTarget == NonTargetResponse.PD)
        {
            confirmations.Add("unequivocal progression of non-target disease");
        }

        confirmations.AddRange(lesions.Findings);

        if (confirmations.Count > 0)
        {
            _confirmedDay = scan.Day;
            _pending = null;
            return Record(scan, target, Outcome(IrecistResponse.ICPD, scan, false,
                $"{string.Join("; ", confirmations)}, {sinceIupd} days after iUPD (day {episode.Day}): progression confirmed") with
            {
                Warnings = warnings,
            });
        }

        var persisting = new List<string>();
        var unknown = new List<string>();
        var resolved = new List<string>();
        if (episode.Target)
        {
            if (!scan.Complete)
            {
                unknown.Add($"{string.Join(", ", scan.MissingTargets)} not assessed");
            }
            else if (target?.Response == TargetResponse.PD)
            {
                persisting.Add($"target sum {ResponseText.Mm(scan.SumMm!.Value)} still meets progression over nadir {ResponseText.Mm(_nadir!.Value)} without a further 5 mm");
            }
            else
            {
                resolved.Add("target sum no longer meets progression");
            }
        }

        if (episode.NonTarget)
        {
            switch (nonTarget)
            {
                case NonTargetResponse.PD:
                    persisting.Add("non-target progression persists without a recorded further increase");
                    break;
                case NonTargetResponse.NE:
                    unknown.Add("non-target disease not evaluated");
                    break;
                default:
                    resolved.Add("non-target disease no longer progressing");
                    break;
            }
        }

        if (episode.NewLesions)
        {
            if (scan.Assessment.NewLesions.Count == 0)
            {
                resolved.Add("new lesions gone");
            }
            else if (lesions.Unmeasured.Count > 0)
            {
                unknown.Add($"new {(lesions.Unmeasured.Count == 1 ? "lesion" : "lesions")} {string.Join(", ", lesions.Unmeasured)} not measured");
            }
            else if (scan.HasTargets && scan.Complete && episode.TargetSumMm is { } sumAtIupd && scan.SumMm < sumAtIupd)
            {
                // Ambiguity (clinical-rules.md §7 item 5): iRECIST table 2 keeps iUPD while new lesions persist unchanged;
                // the EORTC iRECIST Q&A ("assigning response after the appearance of new lesions") allows iPR/iSD when
                // the baseline target lesions keep shrinking after the new lesion. We follow the Q&A and say so.
                resolved.Add($"new lesions unchanged while target lesions shrink ({ResponseText.Mm(sumAtIupd)} at iUPD, now {ResponseText.Mm(scan.SumMm!.Value)}; EORTC iRECIST Q&A)");
            }
            else
            {
                persisting.Add("new lesions persist unchanged and target lesions are not shrinking");
            }
        }

        if (persisting.Count > 0)
        {
            // iRECIST table 2: "if no change is seen … assignment remains iUPD"; the next assessment can still confirm.
            return Record(scan, target, Outcome(IrecistResponse.IUPD, scan, scan.Assessment.ClinicallyStable == true,
                $"not confirmed and not resolved: {string.Join("; ", persisting)}; remains iUPD from day {episode.Day}; {Stability(scan)}") with
            {
                ConfirmationWindowFirstDay = episode.Day + ConfirmationEarliestDays,
                ConfirmationWindowLastDay = episode.Day + ConfirmationLatestDays,
                Warnings = warnings,
            });
        }

        if (unknown.Count > 0)
        {
            return Record(scan, target, Outcome(IrecistResponse.INE, scan, null,
                $"progression from day {episode.Day} can be neither confirmed nor ruled out: {string.Join("; ", unknown)}") with
            {
                Warnings = warnings,
            });
        }

        // iRECIST reset (Seymour 2017, table 3 examples; EORTC Q&A): unconfirmed progression followed by iSD/iPR/iCR is
        // dropped; later progression must be a new iUPD and be confirmed again, measured against this scan's new lesions.
        _pending = null;
        _reference = Snapshot(scan, episode.Lesions);
        var response = NonProgressedResponse(scan, target, nonTarget);
        var basis = $"iUPD of day {episode.Day} not confirmed ({string.Join("; ", resolved)}), reset: "
            + RecistEvaluator.Describe(target, nonTarget, [], scan.HasTargets)
            + (scan.Assessment.NewLesions.Count > 0 ? "; new lesions persist" : string.Empty);
        return Record(scan, target, Outcome(response, scan, null, basis) with { Warnings = warnings });
    }

    private TargetOutcome? EvaluateTarget(ScanFigures scan) =>
        scan.HasTargets
            ? TargetAssessment.Evaluate(scan, _scans[0].SumMm!.Value, _nadir!.Value, _previous == IrecistResponse.ICR, _responseToHold)
            : null;

    /// <summary>iCR/iPR/iSD/iNE/non-iCR-non-iUPD from RECIST 1.1 table 1/2, with persisting new lesions ruling out iCR.</summary>
    private static IrecistResponse NonProgressedResponse(ScanFigures scan, TargetOutcome? target, NonTargetResponse nonTarget)
    {
        var newLesionsPersist = scan.Assessment.NewLesions.Count > 0;
        if (target is null)
        {
            return nonTarget switch
            {
                NonTargetResponse.NE => IrecistResponse.INE,
                NonTargetResponse.CR when !newLesionsPersist => IrecistResponse.ICR,
                _ => IrecistResponse.NonICRNonIUPD,
            };
        }

        return target.Response switch
        {
            TargetResponse.CR when !newLesionsPersist && nonTarget is NonTargetResponse.CR or NonTargetResponse.None => IrecistResponse.ICR,
            TargetResponse.CR or TargetResponse.PR => IrecistResponse.IPR,
            TargetResponse.SD => IrecistResponse.ISD,
            _ => IrecistResponse.INE,
        };
    }

    /// <summary>Updates the nadir and the "response to hold" after a scan used for iRECIST.</summary>
    private IrecistOutcome Record(ScanFigures scan, TargetOutcome? target, IrecistOutcome outcome)
    {
        if (scan.Complete && scan.SumMm is { } sum && sum < _nadir)
        {
            _nadir = sum;
        }

        _responseToHold = target?.Response switch
        {
            TargetResponse.PR or TargetResponse.CR => true,
            TargetResponse.PD => false,
            _ => _responseToHold,
        };
        _previous = outcome.Response;
        return outcome with { NewLesionTargetSumMm = NewLesionTargetSum(scan).Sum };
    }

    private static IrecistOutcome Outcome(IrecistResponse response, ScanFigures scan, bool? mayContinue, string basis) =>
        new(response,
            response switch
            {
                IrecistResponse.IUPD => mayContinue,
                IrecistResponse.ICPD => false,
                _ => null,
            },
            basis, null, null, null, []);

    /// <summary>
    /// iRECIST: treatment may continue beyond iUPD only in a clinically stable patient (no worsening performance status,
    /// no clinically relevant rise in disease-related symptoms, no escalation of symptom management). Wording from
    /// clinical-rules.md §3, flagged there as recalled from the paper's text (§7 item 6).
    /// </summary>
    private static string Stability(ScanFigures scan) => scan.Assessment.ClinicallyStable switch
    {
        true => "clinically stable, so treatment may continue until confirmation",
        false => "not clinically stable: iRECIST does not support treatment beyond progression",
        null => "clinical stability not recorded: treatment beyond iUPD needs the patient to be clinically stable",
    };

    /// <summary>Classifies lesions seen for the first time as new-lesion targets or non-targets (iRECIST, new lesions).</summary>
    private void ClassifyNewLesions(ScanFigures scan)
    {
        // Same-scan newcomers are taken largest first, then by id, so the listing order never changes the selection.
        var newcomers = scan.Assessment.NewLesions
            .Where(l => !_isNewLesionTarget.ContainsKey(l.Id))
            .OrderByDescending(l => l.DiameterMm ?? -1m)
            .ThenBy(l => l.Id, StringComparer.Ordinal);
        foreach (var lesion in newcomers)
        {
            var organ = lesion.IsLymphNode ? "lymph nodes" : lesion.Organ.Trim().ToUpperInvariant();
            // New lesions are measured by RECIST 1.1 rules: ≥10 mm, or ≥15 mm short axis for a node (§3.1).
            var measurable = lesion.Measurable && lesion.DiameterMm is { } d
                && d >= (lesion.IsLymphNode ? BaselineValidation.MinNodalTargetMm : BaselineValidation.MinNonNodalTargetMm);
            var targets = _isNewLesionTarget.Where(p => p.Value).Select(p => _newLesionOrgan[p.Key]).ToList();
            var isTarget = measurable
                && targets.Count < MaxNewLesionTargets
                && targets.Count(o => o == organ) < MaxNewLesionTargetsPerOrgan;
            _isNewLesionTarget[lesion.Id] = isTarget;
            _newLesionOrgan[lesion.Id] = organ;
        }
    }

    private (decimal? Sum, List<string> Unmeasured) NewLesionTargetSum(ScanFigures scan, IReadOnlySet<string>? only = null)
    {
        var unmeasured = new List<string>();
        decimal? sum = null;
        foreach (var lesion in scan.Assessment.NewLesions.OrderBy(l => l.Id, StringComparer.Ordinal))
        {
            if (!_isNewLesionTarget.TryGetValue(lesion.Id, out var isTarget) || !isTarget || (only is not null && !only.Contains(lesion.Id)))
            {
                continue;
            }

            if (lesion.DiameterMm is { } d)
            {
                sum = (sum ?? 0m) + d;
            }
            else
            {
                unmeasured.Add(lesion.Id);
            }
        }

        return (sum, unmeasured);
    }

    private NewLesionSnapshot Snapshot(ScanFigures scan, NewLesionSnapshot previous)
    {
        var ids = new HashSet<string>(previous.Ids, StringComparer.Ordinal);
        var sizes = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var lesion in scan.Assessment.NewLesions)
        {
            ids.Add(lesion.Id);
            if (_isNewLesionTarget.TryGetValue(lesion.Id, out var isTarget) && !isTarget)
            {
                sizes[lesion.Id] = lesion.DiameterMm;
            }
        }

        return new(ids, NewLesionTargetSum(scan).Sum ?? 0m, sizes);
    }

    private sealed record NewLesionComparison(List<string> Findings, List<string> Unmeasured);

    /// <summary>
    /// New-lesion progression against a reference: lesions not seen before, new-lesion target sum +≥5 mm, or any growth
    /// of a new non-target lesion (iRECIST, Seymour 2017 table 2; EORTC Q&amp;A "How do new lesions define progression?").
    /// </summary>
    private NewLesionComparison CompareNewLesions(ScanFigures scan, NewLesionSnapshot reference)
    {
        var findings = new List<string>();
        var lesions = scan.Assessment.NewLesions.OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        var additional = lesions.Where(l => !reference.Ids.Contains(l.Id)).ToList();
        if (additional.Count > 0)
        {
            findings.Add((additional.Count == 1 ? "new lesion " : "new lesions ")
                + string.Join(", ", additional.Select(l => $"{l.Id} ({l.Organ})")));
        }

        var (sum, unmeasured) = NewLesionTargetSum(scan, reference.Ids);
        if (unmeasured.Count == 0 && sum is { } now && now - reference.NewLesionTargetSumMm >= ConfirmationIncreaseMm)
        {
            findings.Add($"new-lesion target sum {ResponseText.Mm(now)} is {ResponseText.SignedMm(now - reference.NewLesionTargetSumMm)} "
                + $"over {ResponseText.Mm(reference.NewLesionTargetSumMm)} (≥5 mm)");
        }

        foreach (var lesion in lesions.Where(l => reference.Ids.Contains(l.Id) && _isNewLesionTarget.GetValueOrDefault(l.Id) == false))
        {
            var before = reference.NonTargetSizes.GetValueOrDefault(lesion.Id);
            if (lesion.IncreasedSincePrevious == true || (lesion.DiameterMm is { } d && before is { } b && d > b))
            {
                findings.Add($"new non-target lesion {lesion.Id} has grown");
            }
        }

        return new(findings, unmeasured);
    }

    private sealed class Episode
    {
        public int Day { get; init; }

        public int ElapsedDays { get; init; }

        public decimal? TargetSumMm { get; init; }

        public bool Target { get; set; }

        public bool NonTarget { get; set; }

        public bool NewLesions { get; set; }

        public NewLesionSnapshot Lesions { get; set; } = NewLesionSnapshot.Empty;

        public bool ConfirmationScanSeen { get; set; }
    }

    private sealed record NewLesionSnapshot(
        IReadOnlySet<string> Ids,
        decimal NewLesionTargetSumMm,
        IReadOnlyDictionary<string, decimal?> NonTargetSizes)
    {
        public static NewLesionSnapshot Empty { get; } =
            new(new HashSet<string>(StringComparer.Ordinal), 0m, new Dictionary<string, decimal?>(StringComparer.Ordinal));
    }
}

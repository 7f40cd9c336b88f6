namespace MdtReview.Clinical.Recist;

/// <summary>RECIST 1.1 overall time-point response (Eisenhauer et al., Eur J Cancer 2009, tables 1–3).</summary>
public enum Recist11Response
{
    /// <summary>Complete response.</summary>
    CR,
    /// <summary>Partial response.</summary>
    PR,
    /// <summary>Stable disease.</summary>
    SD,
    /// <summary>Progressive disease.</summary>
    PD,
    /// <summary>Not evaluable.</summary>
    NE,
    /// <summary>Non-target-only disease that is neither CR nor PD.</summary>
    NonCRNonPD,
}

/// <summary>iRECIST overall time-point response (Seymour et al., Lancet Oncol 2017, table 2).</summary>
public enum IrecistResponse
{
    /// <summary>Immune complete response.</summary>
    ICR,
    /// <summary>Immune partial response.</summary>
    IPR,
    /// <summary>Immune stable disease.</summary>
    ISD,
    /// <summary>Immune unconfirmed progressive disease: awaiting a confirmation scan 4–8 weeks later.</summary>
    IUPD,
    /// <summary>Immune confirmed progressive disease.</summary>
    ICPD,
    /// <summary>Not evaluable.</summary>
    INE,
    /// <summary>Non-target-only disease that is neither iCR nor iUPD.</summary>
    NonICRNonIUPD,
}

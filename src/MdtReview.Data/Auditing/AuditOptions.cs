namespace MdtReview.Data.Auditing;

/// <summary>The <c>Audit</c> configuration section.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>
    /// Used only when the host environment is Development and no key is configured. It is public in the source code, so a
    /// chain signed with it proves nothing; production start-up refuses to run without a key of its own.
    /// </summary>
    public const string DevelopmentHmacKey = "ZGV2ZWxvcG1lbnQtb25seS1hdWRpdC1rZXktbm90LXNlY3JldC0wMDAwMDAwMDA=";

    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Base64 of at least 32 random bytes (<c>openssl rand -base64 32</c>). Kept outside the database (environment variable
    /// <c>Audit__HmacKey</c> or a secret store): whoever holds it can re-sign an altered chain.
    /// </summary>
    public string? HmacKey { get; set; }

    /// <summary>
    /// Keys used before a rotation, each with the last sequence number it signed, so the verifier can still check the events
    /// written before the rotation. See docs/operations.md.
    /// </summary>
    public List<RetiredAuditKey> RetiredKeys { get; set; } = [];

    internal static string? Problem(AuditOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.HmacKey))
        {
            return "Audit:HmacKey is not set. The audit trail is signed with an HMAC key kept outside the database: generate one with "
                + "'openssl rand -base64 32' and provide it as the environment variable Audit__HmacKey (or from your secret store). "
                + "See docs/operations.md. Only the Development environment falls back to a built-in key.";
        }

        if (KeyBytes(options.HmacKey) is not { Length: >= MinimumKeyBytes })
        {
            return $"Audit:HmacKey must be base64 of at least {MinimumKeyBytes} random bytes (e.g. the output of 'openssl rand -base64 32').";
        }

        foreach (var retired in options.RetiredKeys)
        {
            if (KeyBytes(retired.HmacKey) is not { Length: >= MinimumKeyBytes } || retired.LastSequence < 1)
            {
                return "Each Audit:RetiredKeys entry needs HmacKey (base64, at least 32 bytes) and LastSequence (the last event it signed, 1 or more).";
            }
        }

        return null;
    }

    internal static byte[]? KeyBytes(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>A key that signed the chain up to and including <see cref="LastSequence"/>.</summary>
public sealed class RetiredAuditKey
{
    public string? HmacKey { get; set; }
    public long LastSequence { get; set; }
}

/// <summary>Start-up validation: outside Development there is no fallback key, and the app refuses to start without one.</summary>
internal sealed class AuditOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<AuditOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, AuditOptions options) =>
        AuditOptions.Problem(options) is { } problem
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problem)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}

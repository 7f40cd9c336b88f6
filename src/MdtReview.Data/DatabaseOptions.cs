using System.ComponentModel.DataAnnotations;

namespace MdtReview.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ConnectionStringName = "MdtReview";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The SQLite file used when <c>ConnectionStrings:MdtReview</c> is not set: the user's local application data folder,
    /// shared by the web app and the admin CLI so both see the same database whatever the working directory.
    /// </summary>
    public static string DefaultSqlitePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MdtReview", "mdtreview.db");
}

/// <summary>The <c>Seed</c> configuration section.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>Seed the demo cohort and demo users on start when the database is empty.</summary>
    public bool Demo { get; set; }
}

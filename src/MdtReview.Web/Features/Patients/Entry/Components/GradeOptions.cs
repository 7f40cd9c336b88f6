namespace MdtReview.Web.Features.Patients.Entry.Components;

/// <summary>CTCAE v5.0 general grade descriptors (CTCAE v5.0, "Grades", p. 1), shown beside the number so a grade is never a bare digit.</summary>
public static class GradeOptions
{
    public static readonly IReadOnlyList<int> All = [1, 2, 3, 4, 5];

    public static string Describe(int grade) => grade switch
    {
        1 => "Grade 1 – mild",
        2 => "Grade 2 – moderate",
        3 => "Grade 3 – severe or medically significant",
        4 => "Grade 4 – life-threatening",
        5 => "Grade 5 – death related to the AE",
        _ => $"Grade {grade}",
    };
}

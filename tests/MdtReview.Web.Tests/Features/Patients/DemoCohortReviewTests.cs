using MdtReview.Clinical.Recist;
using MdtReview.Data;
using MdtReview.Web.Features.Patients.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MdtReview.Web.Tests.Features.Patients;

/// <summary>
/// Every demo patient's review, as an oncologist sees it: labs graded by the rules, irAEs with their grade and the
/// guideline's action, scans with computed responses, and pseudo-progression reading as such.
/// </summary>
public sealed class DemoCohortReviewTests(DemoCohortHost cohort) : IClassFixture<DemoCohortHost>
{
    private Task<T> Run<TUseCase, T>(Func<TUseCase, Task<T>> action) where TUseCase : notnull
    {
        cohort.Host.SignInAs(cohort.OncologistId);
        return cohort.Host.WithScopeAsync(sp => action(ActivatorUtilities.CreateInstance<TUseCase>(sp)));
    }

    private Task<List<int>> PatientIdsAsync() => cohort.Host.WithScopeAsync(async sp =>
    {
        await using var db = await sp.GetRequiredService<IDbContextFactory<MdtReviewDbContext>>().CreateDbContextAsync();
        return await db.Patients.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
    });

    [Fact]
    public async Task Every_demo_patient_shows_graded_labs_graded_iraes_and_computed_scan_responses()
    {
        var ids = await PatientIdsAsync();
        Assert.Equal(45, ids.Count);
        var iupdPatients = 0;
        foreach (var id in ids)
        {
            Assert.NotNull(await Run((GetPatientHeader s) => s.HandleAsync(id)));

            var panel = await Run((GetLatestLabPanel s) => s.HandleAsync(id));
            Assert.NotNull(panel);
            Assert.NotEmpty(panel.Values);
            Assert.All(panel.Values, v => Assert.False(v.Grade.IsError, $"patient {id} {v.TestCode}: {v.Grade.Basis}"));
            Assert.Contains(panel.Values, v => v.Grade.Grade is not null);

            var iraes = await Run((GetSideEffects s) => s.HandleAsync(id));
            Assert.NotNull(iraes);
            Assert.All(iraes, a =>
            {
                Assert.InRange(a.CurrentGrade, 1, 5);
                Assert.NotEmpty(a.GradeHistory);
                Assert.True(a.ResolvedDate is not null || a.Recommendation is not null, $"patient {id} {a.CtcaeTerm}: no recommended action");
            });

            var scans = await Run((GetScans s) => s.HandleAsync(id));
            Assert.NotNull(scans);
            Assert.True(scans.Errors.Count == 0, $"patient {id}: {string.Join("; ", scans.Errors)}");
            if (scans.BaselineProblems.Contains(GetScans.NoDiseaseAtBaseline))
            {
                // Adjuvant treatment after complete resection: nothing to measure, so no response is computed or invented.
                Assert.Empty(scans.Scans[0].Lesions);
                Assert.All(scans.Scans, s => Assert.Null(s.Response));
            }
            else
            {
                Assert.All(scans.Scans.Where(s => !s.IsBaseline), s => Assert.NotNull(s.Response));
            }
            if (scans.Scans.Any(s => s.Response?.Irecist == IrecistResponse.IUPD && s.ConfirmationFrom is not null))
            {
                iupdPatients++;
            }
        }

        // The demo cohort's three pseudo-progressions and its confirmed progression each start with an iUPD.
        Assert.True(iupdPatients >= 3, $"{iupdPatients} demo patients read as iUPD awaiting confirmation at some scan");
    }
}

using Approval.Core.Clock;
using Approval.Engine.Timing;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages;

/// <summary>
/// The demo clock (administrators, manual-clock mode only): move time forward by a step or to a date, firing every
/// deadline on the way, so a whole campaign year can be walked in minutes.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class ClockModel(ClockService clock) : PageModel
{
    [BindProperty] public string? By { get; set; }
    [BindProperty] public DateTime? To { get; set; }
    public DateTimeOffset Now => clock.Now;
    public string? Error { get; private set; }

    public IActionResult OnGet() => Missing() ?? Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (Missing() is { } missing) return missing;
        TimeSpan step;
        if (To is { } to)
        {
            step = FromLocal(to) - clock.Now;
            if (step <= TimeSpan.Zero) Error = T("时钟只能向前调整。", "The clock only moves forward.");
        }
        else if (IsoDuration.TryParse(By, out var duration)) step = duration.AddTo(clock.Now) - clock.Now;
        else { step = TimeSpan.Zero; Error = T("请选择调整的时长或日期。", "Choose a step or a date."); }
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var fired = await clock.AdvanceAsync(step);
        TempData["flash"] = T($"时钟已调整到 {Time(clock.Now)}，触发 {fired} 个定时事件。", $"The clock is now {Time(clock.Now)}; {fired} timers fired.");
        return Redirect("/clock");
    }

    // Who may open it is the page's policy; that it exists at all depends on the clock's mode.
    private IActionResult? Missing() => clock.IsManual ? null : NotFound();
}

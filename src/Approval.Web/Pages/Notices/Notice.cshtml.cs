using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Engine;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Notices;

/// <summary>
/// One notice, laid out to print, with the objection form while it is open. Posting needs the page's antiforgery
/// token; the store limits objections per address and hour and refuses them once the notice is over.
/// </summary>
[AllowAnonymous]
public sealed class NoticeModel(NoticeStore notices, OrgStore orgs, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<Core.Attachments.AttachmentOptions> limits) : PageModel
{
    public Core.Attachments.AttachmentOptions Limits => limits.Value;
    public Notice Notice { get; private set; } = null!;
    public string? OrgName { get; private set; }
    [BindProperty] public string? ObjectorName { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? ObjectionText { get; set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string? Message { get; private set; }
    public bool Filed { get; private set; }
    public bool Open => Notice.Status is "open" or "investigating" && Notice.ClosesAt > clock.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (outcome, problems) = await notices.FileObjectionAsync(id, new NewObjection(ObjectorName, Contact, ObjectionText), address,
            Api.CommentsApi.Uploads(Shared.CommentsView.FilesOf(Request, "ObjectionFiles")));
        switch (outcome)
        {
            case ObjectionOutcome.Filed:
                TempData["flash"] = T("异议已提交，核查结果将按您留下的联系方式告知。", "Your objection was filed; you will be told the outcome through your contact.");
                return Redirect($"/notices/{id}?filed=1");
            case ObjectionOutcome.Invalid:
                Problems = problems.Select(p => p with { Where = p.Where switch { "name" => "objectorName", "content" => "objectionText", _ => p.Where } }).ToList();
                Response.StatusCode = StatusCodes.Status400BadRequest;
                break;
            case ObjectionOutcome.TooMany:
                Message = T("提交过于频繁，请一小时后再试。", "Too many objections from your address; try again in an hour.");
                Response.StatusCode = StatusCodes.Status429TooManyRequests;
                break;
            case ObjectionOutcome.NoticeClosed:
                Message = T("公示期已结束，不再受理异议。", "The notice is over; objections are no longer taken.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                break;
            default:
                return NotFound();
        }
        return Page();
    }

    private async Task<bool> LoadAsync(string id)
    {
        if (await notices.GetAsync(id) is not { } notice) return false;
        Notice = notice;
        OrgName = (await orgs.GetAsync(notice.OrgId))?.Name;
        Filed = Request.Query.ContainsKey("filed");
        return true;
    }

    public string? Error(string field) => FieldError(Problems, field);
}

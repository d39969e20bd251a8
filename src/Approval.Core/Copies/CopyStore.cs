using System.Data.Common;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Copies;

/// <summary>The copies table: a person's copies newest first through (to_login, created_at, id); an instance's through (instance_id, to_login).</summary>
public sealed class CopyStore(Database database)
{
    /// <summary>One page of <c>@login</c>'s copies, newest first, with the copied step's name (抄送我的).</summary>
    public const string PageSql = """
        select c.*, t.name as task_name, t.org_id as org_id from copies c left join tasks t on t.id = c.task_id
        where c.to_login = @login order by c.created_at desc, c.id desc limit @take offset @skip
        """;

    public const string UnreadSql = "select count(*) from (select 1 from copies where to_login = @login and read_at is null limit 1000) u";

    public const string CopiedSql = "select 1 from copies where instance_id = @instanceId and to_login = @login limit 1";

    public async Task<IReadOnlyList<Copy>> PageAsync(string login, int page, int size)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryAsync<Row>(PageSql, new { login, take = size + 1, skip = (page - 1) * size })).Select(r => r.ToRecord()).ToList();
    }

    public async Task<int> UnreadAsync(string login)
    {
        await using var c = await database.OpenAsync();
        return await c.ExecuteScalarAsync<int>(UnreadSql, new { login });
    }

    /// <summary>Whether the instance was copied to the person (what opens it to them read-only).</summary>
    public async Task<bool> IsCopiedAsync(string login, string instanceId)
    {
        await using var c = await database.OpenAsync();
        return await c.ExecuteScalarAsync<int?>(CopiedSql, new { instanceId, login }) is not null;
    }

    /// <summary>Marks the person's copies of the instance read (opening it is reading them); the first reading stays.</summary>
    public async Task MarkReadAsync(string login, string instanceId, DateTimeOffset at) =>
        await database.WriteAsync(async (c, t) => await c.ExecuteAsync(
            "update copies set read_at = @at where instance_id = @instanceId and to_login = @login and read_at is null",
            new { instanceId, login, at = EpochTime.ToMs(at) }, t));

    public async Task<IReadOnlyList<Copy>> OfInstanceAsync(string instanceId)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryAsync<Row>("select c.*, null as task_name, null as org_id from copies c where c.instance_id = @instanceId order by c.created_at, c.id",
            new { instanceId })).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Writes the copies in the caller's transaction (the reviewer's or the process's step).</summary>
    public static Task InsertAsync(DbConnection c, DbTransaction t, IReadOnlyList<Copy> copies) =>
        new SqlBatch().InsertRows("copies", "id, instance_id, task_id, element_id, from_login, to_login, note, created_at", copies,
            x => [x.Id, x.InstanceId, x.TaskId, x.ElementId, x.From, x.To, x.Note, EpochTime.ToMs(x.CreatedAt)]).ExecuteAsync(c, t);

#pragma warning disable IDE1006
    private sealed class Row
    {
        public string id { get; init; } = "";
        public string instance_id { get; init; } = "";
        public string? task_id { get; init; }
        public string? element_id { get; init; }
        public string? from_login { get; init; }
        public string to_login { get; init; } = "";
        public string? note { get; init; }
        public long created_at { get; init; }
        public long? read_at { get; init; }
        public string? task_name { get; init; }
        public string? org_id { get; init; }

        public Copy ToRecord() => new(id, instance_id, task_id, element_id, from_login, to_login, note, EpochTime.FromMs(created_at), EpochTime.FromMs(read_at))
            { TaskName = task_name, OrgId = org_id };
    }
#pragma warning restore IDE1006
}

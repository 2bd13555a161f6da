using System.Data;
using System.Data.Common;
using System.Text;

namespace TechHealth.Storage;

/// <summary>
/// Appends rows to one table on the caller's connection and transaction, where EF change tracking would cost seconds
/// (hundreds of thousands of dependency and check result rows): prepared INSERTs on SQLite, binary COPY on PostgreSQL.
/// It never commits: the caller's transaction does.
/// </summary>
internal sealed class BulkRowWriter : IAsyncDisposable
{
    // Rows per binary COPY on PostgreSQL. Each COPY is whole in itself, because a connection runs one COPY at a time
    // and callers interleave writers (a component's evaluation, then its check results).
    private const int RowsPerCopy = 5000;

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly string _table;
    private readonly (string Name, DbType Type)[] _columns;
    private readonly int _rowsPerStatement;
    private readonly object?[] _pending;
    private int _pendingRows;
    private DbCommand? _fullBatch;
    private readonly Npgsql.NpgsqlConnection? _copy;

    public BulkRowWriter(DbConnection connection, DbTransaction? transaction, string table, params (string Name, DbType Type)[] columns)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        // SQLite runs in-process, so there is no round trip to save, and it binds parameters by name with a linear
        // search: one prepared single-row statement reused is its fastest form. PostgreSQL takes rows fastest as a
        // binary COPY stream: no SQL to parse, no parameters to bind.
        _copy = connection as Npgsql.NpgsqlConnection;
        _rowsPerStatement = _copy is null ? 1 : RowsPerCopy;
        _pending = new object?[_rowsPerStatement * columns.Length];
    }

    public long RowsWritten { get; private set; }

    public async ValueTask AddAsync(CancellationToken cancellationToken, params object?[] values)
    {
        if (values.Length != _columns.Length)
            throw new ArgumentException($"{_table} takes {_columns.Length} values per row, got {values.Length}.");
        Array.Copy(values, 0, _pending, _pendingRows * _columns.Length, values.Length);
        _pendingRows++;
        if (_pendingRows == _rowsPerStatement) await FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_pendingRows == 0) return;
        if (_copy is not null)
        {
            await CopyAsync(_copy, cancellationToken);
            return;
        }
        DbCommand command;
        if (_pendingRows == _rowsPerStatement)
            command = _fullBatch ??= CreateCommand(_rowsPerStatement);
        else
            command = CreateCommand(_pendingRows);
        try
        {
            for (var i = 0; i < _pendingRows * _columns.Length; i++)
            {
                var parameter = command.Parameters[i];
                var value = _pending[i];
                parameter.Value = value ?? DBNull.Value;
                // A null gets the column's type so PostgreSQL does not have to guess it; values carry their own.
                if (value is null) parameter.DbType = _columns[i % _columns.Length].Type;
                else parameter.ResetDbType();
            }
            await command.ExecuteNonQueryAsync(cancellationToken);
            RowsWritten += _pendingRows;
        }
        finally
        {
            if (command != _fullBatch) await command.DisposeAsync();
        }
        _pendingRows = 0;
        Array.Clear(_pending);
    }

    private async Task CopyAsync(Npgsql.NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", _columns.Select(c => c.Name));
        await using (var import = await connection.BeginBinaryImportAsync($"COPY {_table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // The synchronous writes fill Npgsql's buffer and only touch the network when it is full: per-value
            // async calls cost more CPU than the whole COPY saves.
            for (var row = 0; row < _pendingRows; row++)
            {
                import.StartRow();
                for (var c = 0; c < _columns.Length; c++)
                {
                    var value = _pending[row * _columns.Length + c];
                    if (value is null) import.WriteNull();
                    else import.Write(value, CopyType(_columns[c].Type));
                }
            }
            await import.CompleteAsync(cancellationToken);
        }
        RowsWritten += _pendingRows;
        _pendingRows = 0;
        Array.Clear(_pending);
    }

    // Binary COPY sends each value in its column's own wire format, so the type is named, never guessed.
    private static NpgsqlTypes.NpgsqlDbType CopyType(DbType type) => type switch
    {
        DbType.String => NpgsqlTypes.NpgsqlDbType.Text,
        DbType.Int32 => NpgsqlTypes.NpgsqlDbType.Integer,
        DbType.Int64 => NpgsqlTypes.NpgsqlDbType.Bigint,
        DbType.Double => NpgsqlTypes.NpgsqlDbType.Double,
        DbType.Boolean => NpgsqlTypes.NpgsqlDbType.Boolean,
        DbType.Date => NpgsqlTypes.NpgsqlDbType.Date,
        _ => throw new NotSupportedException($"No COPY type for {type}; add it beside the others."),
    };

    private DbCommand CreateCommand(int rows)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        var sql = new StringBuilder("INSERT INTO ").Append(_table).Append(" (")
            .AppendJoin(", ", _columns.Select(c => c.Name)).Append(") VALUES ");
        var n = 0;
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sql.Append(", ");
            sql.Append('(');
            for (var c = 0; c < _columns.Length; c++)
            {
                if (c > 0) sql.Append(", ");
                var name = "@p" + n++;
                sql.Append(name);
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            sql.Append(')');
        }
        command.CommandText = sql.ToString();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_fullBatch is not null) await _fullBatch.DisposeAsync();
    }
}

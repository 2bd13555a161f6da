using System.Data;
using System.Data.Common;
using System.Text;

namespace TechHealth.Storage;

/// <summary>
/// Appends rows to one table with multi-row INSERT statements on the caller's connection and transaction.
/// Plain parameterised SQL that SQLite and PostgreSQL both accept; used where EF change tracking would cost
/// seconds (hundreds of thousands of dependency and check result rows). It never commits: the caller's transaction does.
/// </summary>
internal sealed class BulkRowWriter : IAsyncDisposable
{
    // Far below PostgreSQL's 65,535 parameter limit, large enough to amortise network round trips.
    private const int ParametersPerStatement = 2000;

    private readonly DbConnection _connection;
    private readonly DbTransaction? _transaction;
    private readonly string _table;
    private readonly (string Name, DbType Type)[] _columns;
    private readonly int _rowsPerStatement;
    private readonly object?[] _pending;
    private int _pendingRows;
    private DbCommand? _fullBatch;

    public BulkRowWriter(DbConnection connection, DbTransaction? transaction, string table, params (string Name, DbType Type)[] columns)
    {
        _connection = connection;
        _transaction = transaction;
        _table = table;
        _columns = columns;
        // SQLite runs in-process, so there is no round trip to save, and it binds parameters by name with a linear
        // search: one prepared single-row statement reused is its fastest form. PostgreSQL gains from many rows per statement.
        _rowsPerStatement = connection is Microsoft.Data.Sqlite.SqliteConnection ? 1 : Math.Max(1, ParametersPerStatement / columns.Length);
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

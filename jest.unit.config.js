/**
 * `npm run test:unit`: the unit project of jest.config.js on its own, without DynamoDB Local. A
 * config of its own because `jest --selectProjects unit <path>` would read <path> as a project name.
 */
const { projects, ...run } = require('./jest.config');

module.exports = {
  ...run,
  ...projects.find((project) => project.displayName === 'unit'),
  // Jest's default keeps one core for its own process (a single worker on two cores), which
  // idles while in-process tests run: use every core.
  maxWorkers: '100%',
};
